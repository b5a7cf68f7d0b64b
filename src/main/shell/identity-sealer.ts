import { safeStorage } from 'electron';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { plainSealer, type SecretSealer } from '../ledger/identity.js';
import { safeStorageSealer } from '../ledger/safe-storage-sealer.js';

/**
 * Protects the identity key with the OS keychain (safeStorage) where it is available. An identity the
 * headless host already created unsealed stays readable (plain): re-sealing it would be a separate,
 * explicit step, never a side effect of opening the desktop app.
 */
export function identitySealer(dataDir: string): SecretSealer {
  if (sealerOfExistingIdentity(path.join(dataDir, 'identity.json')) === plainSealer.id) return plainSealer;
  return safeStorage.isEncryptionAvailable() ? safeStorageSealer(safeStorage) : plainSealer;
}

function sealerOfExistingIdentity(file: string): string | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { sealer?: unknown };
    return typeof parsed.sealer === 'string' ? parsed.sealer : null;
  } catch {
    return null;
  }
}
