/**
 * A SecretSealer over Electron's safeStorage (OS keychain / DPAPI / libsecret), typed structurally so
 * this file never imports electron: the shell passes `safeStorage` in.
 */
import type { SecretSealer } from './identity.js';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function safeStorageSealer(safeStorage: SafeStorageLike): SecretSealer {
  return {
    id: 'electron-safeStorage',
    seal(plain) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('OS encryption (safeStorage) is not available');
      return safeStorage.encryptString(plain.toString('base64'));
    },
    unseal(sealed) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('OS encryption (safeStorage) is not available');
      return Buffer.from(safeStorage.decryptString(sealed), 'base64');
    },
  };
}
