import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '../core/private-file.js';

const FILE = 'dashboard-token';
const VALID = /^[A-Za-z0-9_-]{32,128}$/;

/**
 * The headless dashboard's access token, kept in the data folder (owner-only) so that an open
 * dashboard tab, which holds it in its URL fragment, reconnects by itself after the host restarts.
 * A missing or damaged file gets a fresh random token. Reading it sets it back to 0600 (as
 * identity.json), in case a copy or a restore widened it.
 */
export function loadDashboardToken(dataDir: string, random: (bytes: number) => Buffer = randomBytes): string {
  const file = path.join(dataDir, FILE);
  if (existsSync(file)) {
    chmodSync(file, 0o600);
    const saved = readFileSync(file, 'utf8').trim();
    if (VALID.test(saved)) return saved;
  }
  return renewDashboardToken(dataDir, random);
}

/** A fresh random token saved in place of the old one (revoking every link made with it). */
export function renewDashboardToken(dataDir: string, random: (bytes: number) => Buffer = randomBytes): string {
  const file = path.join(dataDir, FILE);
  const token = random(24).toString('base64url');
  writePrivateFile(file, `${token}\n`);
  return token;
}
