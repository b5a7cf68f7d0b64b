import { safeStorage } from 'electron';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { plainSealer, type SecretSealer } from '../ledger/identity.js';

const SAFE_STORAGE_ID = 'electron-safeStorage';

/**
 * Protects the identity key with the OS keychain (safeStorage) where it is available. An identity the
 * headless host already created unsealed stays readable (plain): re-sealing it is a separate, explicit
 * step, never a side effect of opening the desktop app.
 */
export function safeStorageSealer(dataDir: string): SecretSealer {
  const existing = sealerOfExistingIdentity(path.join(dataDir, 'identity.json'));
  if (existing === plainSealer.id) return plainSealer;
  if (!safeStorage.isEncryptionAvailable()) return plainSealer;
  return {
    id: SAFE_STORAGE_ID,
    seal: (plain) => safeStorage.encryptString(plain.toString('base64')),
    unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}

function sealerOfExistingIdentity(file: string): string | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { sealer?: unknown };
    return typeof parsed.sealer === 'string' ? parsed.sealer : null;
  } catch {
    return null;
  }
}
