import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../core/private-file.js';

const FILE = 'dashboard-token';
const VALID = /^[A-Za-z0-9_-]{32,128}$/;

/**
 * The headless dashboard's access token, kept in the data folder (owner-only) so that an open
 * dashboard tab, which holds it in its URL fragment, reconnects by itself after the host restarts.
 * A missing or damaged file gets a fresh random token.
 */
export function loadDashboardToken(dataDir: string, random: (bytes: number) => Buffer = randomBytes): string {
  const file = path.join(dataDir, FILE);
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    if (VALID.test(saved)) return saved;
  }
  const token = random(24).toString('base64url');
  writePrivateFile(file, `${token}\n`);
  return token;
}
