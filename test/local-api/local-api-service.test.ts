/** The local API service never throws from start(): a key it cannot save turns it 'failed' with the reason. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { API_KEY_FILE } from '../../src/main/local-api/api-key-store.js';
import { LocalApiService } from '../../src/main/local-api/local-api-service.js';
import { throwingRunner } from './local-runner.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('local API service start()', () => {
  it('reports a key file it cannot write instead of throwing, and serves nothing without a key', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ec-api-key-unwritable-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    // A folder where the key file should be: it can be neither read as a key nor replaced.
    mkdirSync(path.join(dataDir, API_KEY_FILE));
    const notes: Array<[string, string]> = [];
    const service = new LocalApiService({
      dataDir, port: 0, runner: throwingRunner(() => new Error('unused')), clock: systemClock, logger: memoryLogger(),
      note: (level, message) => notes.push([level, message]),
    });
    cleanups.push(() => service.stop());

    await expect(service.start()).resolves.toBeUndefined();
    const info = service.info();
    expect(info).toMatchObject({ state: 'failed', baseUrl: null, port: null, key: '' });
    expect(info.error).toMatch(/^The local API for IDEs is off: its key could not be saved to .*local-api\.json \(.+\)\.$/);
    expect(notes).toContainEqual(['error', info.error]);
  });
});
