import { mkdirSync } from 'node:fs';

/**
 * Creates the data folder (and any missing parent) readable by its owner only (0700): it holds the
 * identity, the ledger, the dashboard token and the local API key. An existing folder is left as it is.
 */
export function createDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}
