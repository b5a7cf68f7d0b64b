/**
 * The secrets in the data folder stay the owner's: the folder is created 0700, and the dashboard token
 * and the local API key file are set back to 0600 whenever they are read (as identity.json is), so a
 * copy or a restore that widened them is narrowed at the next launch.
 */
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDashboardToken } from '../../src/main/headless/dashboard-token.js';
import { ApiKeyStore, API_KEY_FILE } from '../../src/main/local-api/api-key-store.js';
import { startTestHost } from '../support/headless.js';
import { tempDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const modeOf = (file: string): number => statSync(file).mode & 0o777;

describe('data folder permissions', () => {
  it('the headless host creates its data folder 0700', async () => {
    const tmp = tempDir('edgecoder-perms-');
    cleanups.push(tmp.cleanup);
    const dataDir = path.join(tmp.dir, 'nested', 'data');
    const host = await startTestHost(dataDir);
    cleanups.push(() => host.stop());
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'dashboard-token'))).toBe(0o600);
  });

  it('an existing dashboard token widened to 0644 is read as it is and set back to 0600', () => {
    const tmp = tempDir('edgecoder-perms-');
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, 'dashboard-token');
    const token = 'a'.repeat(32);
    writeFileSync(file, `${token}\n`);
    chmodSync(file, 0o644);
    expect(loadDashboardToken(tmp.dir)).toBe(token);
    expect(modeOf(file)).toBe(0o600);
  });

  it('an existing local-api.json widened to 0644 is read as it is and set back to 0600', () => {
    const tmp = tempDir('edgecoder-perms-');
    cleanups.push(tmp.cleanup);
    const file = path.join(tmp.dir, API_KEY_FILE);
    const key = `ec-local-${'b'.repeat(43)}`;
    writeFileSync(file, JSON.stringify({ version: 1, key, createdAt: 1 }));
    chmodSync(file, 0o644);
    expect(new ApiKeyStore({ dataDir: tmp.dir, now: () => 2 }).current()).toBe(key);
    expect(modeOf(file)).toBe(0o600);
  });
});
