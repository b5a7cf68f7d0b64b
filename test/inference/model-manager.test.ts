import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { AbortedError, TimeoutError } from '../../src/main/core/deadline.js';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { ChecksumError, ModelFileError, ModelManager } from '../../src/main/models/model-manager.js';
import type { DownloadProgress } from '../../src/main/models/model-types.js';
import { startModelServer } from './model-server.js';
import type { ModelServer } from './model-server.js';

let models: Record<'tiny' | 'malformed', string>;
const cleanup: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  models = await ensureTestModels(['tiny', 'malformed']);
});
afterEach(async () => {
  for (const fn of cleanup.splice(0)) await fn();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edgecoder-models-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function manager(clock?: ManualClock): Promise<ModelManager> {
  const m = new ModelManager({ dataDir: tempDir(), ...(clock ? { clock } : {}) });
  await m.start();
  return m;
}

async function server(body: Buffer): Promise<ModelServer> {
  const s = await startModelServer(body);
  cleanup.push(() => s.close());
  return s;
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A valid GGUF (the tiny model) padded to `mb` MB, so the downloader splits it into several chunks. */
function paddedModel(mb: number): Buffer {
  const tiny = readFileSync(models.tiny);
  return Buffer.concat([tiny, Buffer.alloc(mb * 1024 * 1024 - tiny.length, 7)]);
}

describe('model manager: local files', () => {
  it('adds a local GGUF, reports its size class and credit multiplier, and persists the active choice', async () => {
    const m = await manager();
    const entry = await m.addLocal(models.tiny);
    expect(entry).toMatchObject({ fileName: 'alphabet-tiny.gguf', name: 'alphabet-tiny', architecture: 'llama', sizeClass: '<1.5B', creditMultiplier: 0.3, contextLength: 2048 });
    expect(entry.memoryEstimateMB).toBeGreaterThan(100);
    expect(existsSync(join(m.modelsDir, 'alphabet-tiny.gguf'))).toBe(true);
    expect(m.active()).toBeNull();
    m.select('alphabet-tiny.gguf');
    expect(m.capabilities()).toEqual({ model: 'alphabet-tiny', modelParamSize: entry.paramSize, memoryMB: entry.memoryEstimateMB });
    // a second manager on the same data dir sees the same models and active choice
    const again = new ModelManager({ dataDir: join(m.modelsDir, '..') });
    await again.start();
    expect(again.snapshot().active?.fileName).toBe('alphabet-tiny.gguf');
    expect(again.snapshot().models.map((e) => e.fileName)).toEqual(['alphabet-tiny.gguf']);
    await again.delete('alphabet-tiny.gguf');
    expect(again.active()).toBeNull();
    expect(readdirSync(again.modelsDir).filter((n) => n.endsWith('.gguf'))).toEqual([]);
  });

  it('rejects a file that is not GGUF, and one missing metadata llama.cpp needs, with a clear error', async () => {
    const m = await manager();
    const notGguf = join(tempDir(), 'notes.gguf');
    writeFileSync(notGguf, 'hello, I am a text file pretending to be a model');
    await expect(m.addLocal(notGguf)).rejects.toThrow(/notes.gguf is not a usable GGUF model: not a GGUF file \(bad magic\)/);
    await expect(m.addLocal(models.malformed)).rejects.toThrow(/missing llama.attention.head_count/);
    const truncated = join(tempDir(), 'cut.gguf');
    writeFileSync(truncated, readFileSync(models.tiny).subarray(0, 300_000));
    await expect(m.addLocal(truncated)).rejects.toBeInstanceOf(ModelFileError);
    await expect(m.addLocal(truncated)).rejects.toThrow(/past the end of the file/);
    expect(m.list()).toEqual([]);
  });
});

describe('model manager: downloads from a real loopback server', () => {
  it('downloads with progress, verifies sha256 and adds the model', async () => {
    const body = readFileSync(models.tiny);
    const s = await server(body);
    const m = await manager();
    const progress: DownloadProgress[] = [];
    const pending = m.download({ uri: s.url, sha256: sha(body), onProgress: (p) => progress.push(p) });
    await expect(m.download({ uri: s.url })).rejects.toThrow(/already downloading/);
    const entry = await pending;
    expect(entry.fileName).toBe('model.gguf');
    expect(readFileSync(entry.path).equals(body)).toBe(true);
    expect(progress.at(-1)?.state).toBe('done');
    expect(progress.some((p) => p.state === 'downloading' && p.totalBytes === body.length)).toBe(true);
    expect(m.snapshot().downloads.at(-1)).toMatchObject({ state: 'done', downloadedBytes: body.length });
  });

  it('rejects a sha256 mismatch and keeps nothing', async () => {
    const body = readFileSync(models.tiny);
    const s = await server(body);
    const m = await manager();
    await expect(m.download({ uri: s.url, sha256: 'ab'.repeat(32) })).rejects.toBeInstanceOf(ChecksumError);
    expect(m.list()).toEqual([]);
    expect(readdirSync(m.modelsDir).filter((n) => n.endsWith('.gguf'))).toEqual([]);
    expect(m.snapshot().downloads.at(-1)?.state).toBe('failed');
  });

  it('gives up on a stalled transfer after the idle timeout (driven by the clock)', async () => {
    const s = await server(paddedModel(2));
    s.stallAfter = 1000;
    const clock = new ManualClock();
    const m = await manager(clock);
    const result = m.download({ uri: s.url, idleTimeoutMs: 30_000 }).catch((e: unknown) => e);
    while (s.ranges.length === 0) await new Promise((r) => setTimeout(r, 10));
    await clock.advance(30_001);
    const err = await result;
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toMatch(/no data received/);
    expect(m.snapshot().downloads.at(-1)?.state).toBe('failed');
  });

  it('a cancelled download rejects, and the next one resumes from the kept partial file', async () => {
    // ipull buffers ~16 MB before its first write, so cancel well past that.
    const body = paddedModel(40);
    const s = await server(body);
    s.throttleMs = 1; // a slow link, so the cancel lands mid-transfer
    const m = await manager();
    const ac = new AbortController();
    const first = m.download({ uri: s.url, signal: ac.signal, onProgress: (p) => p.downloadedBytes >= 30 * 1024 * 1024 && ac.abort() });
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    expect(m.snapshot().downloads.at(-1)?.state).toBe('cancelled');
    expect(m.list()).toEqual([]);
    expect(readdirSync(join(m.modelsDir, '.partial')).length).toBe(1); // kept for resume
    const sentBefore = s.bytesSent;
    const entry = await m.download({ uri: s.url, sha256: sha(body) });
    expect(readFileSync(entry.path).equals(body)).toBe(true);
    // The second attempt fetched well under the whole file: completed chunks were kept.
    expect(s.bytesSent - sentBefore).toBeLessThan(body.length - 10 * 1024 * 1024);
    expect(readdirSync(join(m.modelsDir, '.partial'))).toEqual([]);
  });

  it('a download cancelled before an app restart resumes in a new manager, and the snapshot shows it meanwhile', async () => {
    const body = paddedModel(40);
    const s = await server(body);
    s.throttleMs = 1;
    const dataDir = tempDir();
    const before = new ModelManager({ dataDir });
    await before.start();
    const ac = new AbortController();
    const first = before.download({ uri: s.url, signal: ac.signal, onProgress: (p) => p.downloadedBytes >= 30 * 1024 * 1024 && ac.abort() });
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    await before.stop();
    expect(readdirSync(join(dataDir, 'models', '.partial'))).toEqual(['model.gguf.ipull']);

    const after = new ModelManager({ dataDir });
    await after.start();
    // The leftover is listed (with its bytes so far) so the user can resume or discard it.
    const [left] = after.snapshot().downloads;
    expect(after.snapshot().downloads).toHaveLength(1);
    expect(left).toMatchObject({ fileName: 'model.gguf', state: 'interrupted', totalBytes: body.length });
    expect(left?.downloadedBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(left?.downloadedBytes).toBeLessThan(body.length);

    const sentBefore = s.bytesSent;
    const entry = await after.download({ uri: s.url, sha256: sha(body) });
    expect(readFileSync(entry.path).equals(body)).toBe(true);
    expect(s.bytesSent - sentBefore).toBeLessThan(body.length - 10 * 1024 * 1024);
    expect(readdirSync(join(dataDir, 'models', '.partial'))).toEqual([]);
    // The resumed download took the leftover's place: one row, done.
    expect(after.snapshot().downloads.map((d) => d.state)).toEqual(['done']);
  });

  it('clearing finished downloads discards a leftover partial file from an earlier run', async () => {
    const dataDir = tempDir();
    const partialDir = join(dataDir, 'models', '.partial');
    const m0 = new ModelManager({ dataDir });
    await m0.start();
    writeFileSync(join(partialDir, 'other.gguf.ipull'), Buffer.alloc(4096, 0xee)); // no resume information
    const m = new ModelManager({ dataDir });
    await m.start();
    expect(m.snapshot().downloads).toEqual([expect.objectContaining({ fileName: 'other.gguf', state: 'interrupted', downloadedBytes: 0, totalBytes: 0 })]);
    m.clearFinishedDownloads();
    expect(m.snapshot().downloads).toEqual([]);
    await m.stop(); // waits for the discarded files to be deleted
    expect(readdirSync(partialDir)).toEqual([]);
  });

  it('restart: true throws away a partial file and downloads from scratch', async () => {
    const body = paddedModel(2);
    const s = await server(body);
    const m = await manager();
    const partial = join(m.modelsDir, '.partial', 'model.gguf.ipull');
    writeFileSync(partial, Buffer.alloc(4096, 0xee)); // leftovers that are not a resumable download
    const entry = await m.download({ uri: s.url, sha256: sha(body), restart: true });
    expect(existsSync(partial)).toBe(false);
    expect(readFileSync(entry.path).equals(body)).toBe(true);
});
});
