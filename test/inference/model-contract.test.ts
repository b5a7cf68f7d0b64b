/**
 * The Model panel's contract: argument schemas refuse bad input before any handler runs, and the
 * handlers over a real ModelManager (real files, real loopback HTTP downloads) answer with clear
 * `{ok:false}` envelopes instead of throwing. The engine is real but never started (no model load here).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelCatalogueService } from '../../src/main/models/model-catalogue-service.js';
import { shippedCatalogue } from '../../src/main/models/shipped-catalogue.js';
import { systemClock } from '../../src/main/core/clock.js';
import { createModelHandlers } from '../../src/main/app/model-handlers.js';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { dispatch, type ContractHandlers } from '../../src/main/ipc/dispatcher.js';
import { ModelManager } from '../../src/main/models/model-manager.js';
import type { DownloadProgress } from '../../src/main/models/model-types.js';
import { operations } from '../../src/shared/contract.js';
import type { ModelsStatus } from '../../src/shared/models-status.js';
import { testEngine } from './helpers.js';
import { startModelServer } from './model-server.js';

let models: Record<'tiny' | 'malformed', string>;
const cleanup: Array<() => Promise<void> | void> = [];
beforeAll(async () => {
  models = await ensureTestModels(['tiny', 'malformed']);
});
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

async function unused(): Promise<never> {
  throw new Error('not used in this test');
}

async function setup(before?: (dir: string) => void): Promise<{ handlers: ContractHandlers; manager: ModelManager; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'edgecoder-model-contract-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  before?.(dir);
  const manager = new ModelManager({ dataDir: dir });
  await manager.start();
  const engine = testEngine();
  const catalogue = new ModelCatalogueService({ catalogue: shippedCatalogue(), models: manager, clock: systemClock, estimate: (t, s) => engine.estimateFits(t, s) });
  cleanup.push(() => void engine.stop());
  const { abortAll, ...modelHandlers } = createModelHandlers({ models: manager, engine, catalogue });
  cleanup.push(abortAll);
  const handlers: ContractHandlers = { getSnapshot: unused, setMode: unused, getCreditsReport: unused, exportCreditsCsv: unused, snooze: unused, resumeWork: unused, finishThenStop: unused, getLocalApi: unused, regenerateLocalApiKey: unused, getSettings: unused, updateSettings: unused, openDataFolder: unused, sendPrompt: unused, cancelPrompt: unused, revokeDashboardLinks: unused, ...modelHandlers };
  return { handlers, manager, dir };
}

function finished(manager: ModelManager, id: string): Promise<DownloadProgress> {
  return new Promise((resolve) => {
    const on = (p: DownloadProgress): void => {
      if (p.id === id && ['done', 'failed', 'cancelled'].includes(p.state)) {
        manager.off('download', on);
        resolve(p);
      }
    };
    manager.on('download', on);
  });
}

describe('model contract: argument schemas', () => {
  it.each([
    ['addModel', { path: 'x'.repeat(4097) }, 'a path over 4096 characters'],
    ['addModel', { path: 42 }, 'a number as path'],
    ['addModel', { path: '' }, 'an empty path'],
    ['addModel', { path: '/tmp/a.gguf', mode: 0o777 }, 'an unknown field'],
    ['addModel', { path: '/tmp/a\0.gguf' }, 'a NUL byte'],
    ['selectModel', { fileName: '../../etc/passwd.gguf' }, 'a path instead of a file name'],
    ['selectModel', {}, 'a missing fileName'],
    ['deleteModel', { fileName: null }, 'null for delete'],
    ['deleteModel', { fileName: `${'a'.repeat(200)}.gguf` }, 'a file name over 200 characters'],
    ['downloadModel', { uri: 'file:///etc/passwd' }, 'a file: URI'],
    ['downloadModel', { uri: 'https://x/m.gguf', sha256: 'abc' }, 'a short sha256'],
    ['downloadModel', { uri: `https://x/${'a'.repeat(2048)}` }, 'a URI over 2048 characters'],
    ['cancelDownload', { id: 'x'.repeat(65) }, 'an id over 64 characters'],
    ['getModels', { all: true }, 'an unknown field on getModels'],
  ] as const)('%s refuses %j (%s) before the handler runs', async (op, args, _why) => {
    expect(operations[op].args.safeParse(args).success).toBe(false);
    const { handlers, manager } = await setup();
    const res = await dispatch(handlers, op, args);
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(manager.list()).toEqual([]);
  });

  it('accepts well-formed arguments', () => {
    expect(operations.downloadModel.args.safeParse({ uri: 'hf:user/repo:Q4_K_M' }).success).toBe(true);
    expect(operations.downloadModel.args.safeParse({ uri: 'http://127.0.0.1:1/m.gguf', sha256: 'AB'.repeat(32), fileName: 'm.gguf' }).success).toBe(true);
    expect(operations.selectModel.args.safeParse({ fileName: null }).success).toBe(true);
  });
});

describe('model contract: handlers over a real model manager', () => {
  it('adding a non-GGUF file answers {ok:false} with the reason and copies nothing', async () => {
    const { handlers, manager, dir } = await setup();
    const fake = join(dir, 'notes.gguf');
    writeFileSync(fake, 'this is a text file, not a model\n');
    const res = await dispatch(handlers, 'addModel', { path: fake });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toMatch(/notes\.gguf is not a usable GGUF model/);
    const missing = await dispatch(handlers, 'addModel', { path: join(dir, 'nowhere.gguf') });
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is not a file/) } });
    const malformed = await dispatch(handlers, 'addModel', { path: models.malformed });
    expect(malformed).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not a usable GGUF model/) } });
    expect(manager.list()).toEqual([]);
  });

  it('adds, selects and refuses to delete the active model; the status carries no absolute paths', async () => {
    const { handlers } = await setup();
    const added = await dispatch(handlers, 'addModel', { path: models.tiny });
    expect(added.ok).toBe(true);
    const status = (added as { value: ModelsStatus }).value;
    expect(status.models).toHaveLength(1);
    expect(status.models[0]).toMatchObject({ fileName: 'alphabet-tiny.gguf', sizeClass: '<1.5B', creditMultiplier: 0.3, active: false });
    expect(JSON.stringify(status)).not.toContain(tmpdir());
    const selected = await dispatch(handlers, 'selectModel', { fileName: 'alphabet-tiny.gguf' });
    expect(selected).toMatchObject({ ok: true, value: { active: { fileName: 'alphabet-tiny.gguf', state: 'none' } } });
    const refused = await dispatch(handlers, 'deleteModel', { fileName: 'alphabet-tiny.gguf' });
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/is the active model/) } });
    expect(await dispatch(handlers, 'selectModel', { fileName: null })).toMatchObject({ ok: true, value: { active: null } });
    expect(await dispatch(handlers, 'deleteModel', { fileName: 'alphabet-tiny.gguf' })).toMatchObject({ ok: true, value: { models: [] } });
    expect(await dispatch(handlers, 'selectModel', { fileName: 'alphabet-tiny.gguf' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no model named/) } });
  });

  it('downloads answer at once with an id; a right sha256 adds the model, a wrong one is reported', async () => {
    const { handlers, manager } = await setup();
    const body = readFileSync(models.tiny);
    const server = await startModelServer(body, 'alphabet-tiny.gguf');
    cleanup.push(() => server.close());
    const sha = createHash('sha256').update(body).digest('hex');

    const wrong = await dispatch(handlers, 'downloadModel', { uri: server.url, sha256: 'ab'.repeat(32) });
    expect(wrong.ok).toBe(true);
    const wrongId = (wrong as { value: { id: string } }).value.id;
    const failed = await finished(manager, wrongId);
    expect(failed).toMatchObject({ state: 'failed', error: expect.stringMatching(/sha256 mismatch/) });
    expect(manager.list()).toEqual([]);

    const right = await dispatch(handlers, 'downloadModel', { uri: server.url, sha256: sha });
    const id = (right as { value: { id: string } }).value.id;
    expect(id).not.toBe(wrongId);
    expect((await finished(manager, id)).state).toBe('done');
    const status = await dispatch(handlers, 'getModels', {});
    expect(status).toMatchObject({ ok: true, value: { models: [{ fileName: 'alphabet-tiny.gguf', sizeClass: '<1.5B' }] } });
    expect(await dispatch(handlers, 'cancelDownload', { id })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/no running download/) } });
    expect(await dispatch(handlers, 'clearDownloads', {})).toMatchObject({ ok: true, value: { downloads: [] } });
  });

  it('lists a partial download left by an earlier run as interrupted (bytes so far), and clearing deletes its file', async () => {
    // ipull's layout: the file's bytes, then its progress record (chunk 0 and the short last chunk 2 complete).
    const record = JSON.stringify({ part: 0, chunks: [2, 0, 2], chunkSize: 1024, parallelStreams: 2 });
    const partial = (dir: string): string => join(dir, 'models', '.partial', 'left-over.gguf.ipull');
    const { handlers, manager, dir } = await setup((d) => {
      mkdirSync(join(d, 'models', '.partial'), { recursive: true });
      writeFileSync(partial(d), Buffer.concat([Buffer.alloc(2500, 1), Buffer.from(record)]));
    });
    const res = await dispatch(handlers, 'getModels', {});
    expect(res.ok).toBe(true);
    const status = (res as { value: ModelsStatus }).value;
    expect(operations.getModels.result.safeParse(status).success).toBe(true);
    expect(status.downloads).toEqual([
      { id: expect.any(String), uri: '', fileName: 'left-over.gguf', state: 'interrupted', totalBytes: 2500, downloadedBytes: 1024 + 452, speedBps: 0, etaSeconds: null, error: null },
    ]);
    expect(JSON.stringify(status)).not.toContain(tmpdir());
    expect(await dispatch(handlers, 'clearDownloads', {})).toMatchObject({ ok: true, value: { downloads: [] } });
    await manager.stop(); // the file is deleted in the background; stop waits for it
    expect(existsSync(partial(dir))).toBe(false);
  });

  it('cancels a running download through its AbortController', async () => {
    const { handlers, manager } = await setup();
    const body = Buffer.concat([readFileSync(models.tiny), Buffer.alloc(4 * 1024 * 1024)]);
    const server = await startModelServer(body, 'slow.gguf');
    server.throttleMs = 200;
    cleanup.push(() => server.close());
    const started = await dispatch(handlers, 'downloadModel', { uri: server.url });
    const id = (started as { value: { id: string } }).value.id;
    const outcome = finished(manager, id);
    expect(await dispatch(handlers, 'cancelDownload', { id })).toMatchObject({ ok: true });
    expect((await outcome).state).toBe('cancelled');
    expect(manager.list()).toEqual([]);
  });

  it('the catalogue on this machine: every entry with its fit from the real estimate, CPU and why, one Recommended', async () => {
    const { handlers } = await setup();
    const res = await dispatch(handlers, 'getCatalogue', {});
    if (!res.ok) throw new Error(res.error.message);
    const view = operations.getCatalogue.result.parse(res.value);
    expect(view.hardware).toMatch(/^no GPU found: CPU, \d+ cores, [\d.]+ GB of RAM$/);
    expect(view.entries.map((e) => e.id).sort()).toEqual(shippedCatalogue().models.map((e) => e.id).sort());
    for (const e of view.entries) {
      expect(e.fitError).toBeNull();
      expect(['cpu', 'no-fit']).toContain(e.fit?.kind);
    }
    expect(view.entries.filter((e) => e.recommended)).toHaveLength(1);
    expect(view.entries[0]?.recommended).toBe(true);
    expect(view.entries[0]?.parameters).toBeLessThanOrEqual(1.6);
  });

  it('an unknown catalogue id is refused with the reason, nothing downloaded', async () => {
    const { handlers, manager } = await setup();
    expect(await dispatch(handlers, 'installCatalogueModel', { id: 'qwen9-coder-900b' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('no model qwen9-coder-900b in the catalogue') } });
    expect(await dispatch(handlers, 'installCatalogueModel', { id: '../etc' })).toMatchObject({ ok: false });
    expect(manager.snapshot().downloads).toEqual([]);
  });
});
