/**
 * Writes a secret file (a key, a token, an identity) so that only its owner can read it and no reader
 * ever sees half of it: the text goes to a temporary file created 0600 beside it, is flushed to disk,
 * and replaces the old file in one rename. The file mode is set again in case a umask narrowed it
 * differently or the file existed with wider rights.
 */
import { chmodSync, closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

export const OWNER_ONLY = 0o600;

export function writePrivateFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', OWNER_ONLY);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, OWNER_ONLY);
  renameSync(tmp, path);
}
