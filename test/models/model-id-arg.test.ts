/**
 * `--model <catalogue id>` headless: the real host downloads the catalogue model first (from a loopback
 * server that answers like the hub, HF_ENDPOINT), reports progress lines, verifies the published hash
 * and starts with it active; an id the catalogue lacks is one clear line naming what it has.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { parseHeadlessArgs } from '../../src/main/headless/args.js';
import { startHeadlessHost } from '../../src/main/headless/headless-host.js';
import { ModelArgumentError, downloadProgressLine } from '../../src/main/headless/model-arg.js';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { startModelServer, type ModelServer } from '../inference/model-server.js';

let server: ModelServer;
const saved = process.env.HF_ENDPOINT;

beforeAll(async () => {
  const body = readFileSync((await ensureTestModels(['tiny'])).tiny);
  server = await startModelServer(body, 'any.gguf', /^\/[^/]+\/[^/]+\/resolve\/main\/[^/]+\.gguf$/);
  server.headers = { 'x-linked-etag': `"${createHash('sha256').update(body).digest('hex')}"` };
  process.env.HF_ENDPOINT = server.url;
});
afterAll(async () => {
  if (saved === undefined) delete process.env.HF_ENDPOINT;
  else process.env.HF_ENDPOINT = saved;
  await server.close();
});

const host = (model: string, progress: string[]) => startHeadlessHost({
  dataDir: mkdtempSync(path.join(tmpdir(), 'model-id-')), port: 0, apiPort: 0, rendererDir: path.resolve('dist/renderer'),
  clock: systemClock, logger: memoryLogger(), inferenceThreads: 1, model, onModelProgress: (l) => progress.push(l),
});

describe('--model with a catalogue id', () => {
  it('is parsed as an id, not a path', () => {
    expect(parseHeadlessArgs(['--model', 'qwen2.5-coder-1.5b']).model).toBe('qwen2.5-coder-1.5b');
  });

  it('downloads the model, verifies it and starts with it active', async () => {
    const progress: string[] = [];
    const h = await host('qwen2.5-coder-0.5b', progress);
    try {
      const models = await h.core.handlers.getModels({});
      expect(models.active?.fileName).toBe('Qwen2.5-Coder-0.5B-Instruct-Q4_K_M.gguf');
      expect(progress.at(-1)).toBe('Model qwen2.5-coder-0.5b is ready to use.');
      expect(progress[0]).toMatch(/^Downloading qwen2\.5-coder-0\.5b: /);
    } finally {
      await h.stop();
    }
  });

  it('an id the catalogue lacks is refused with what it has', async () => {
    const err = await host('qwen9-coder-900b', []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelArgumentError);
    expect((err as Error).message).toMatch(/^--model: no such file or catalogue model: qwen9-coder-900b \(the catalogue has qwen2\.5-coder-0\.5b, /);
  });

  it('progress lines say how far, how fast and how long', () => {
    expect(downloadProgressLine('m', { state: 'downloading', downloadedBytes: 450e6, totalBytes: 1000e6, speedBps: 12.34e6, etaSeconds: 44.2 })).toBe('Downloading m: 45% of 1000 MB, 12.3 MB/s, 45 s left');
    expect(downloadProgressLine('m', { state: 'verifying', downloadedBytes: 0, totalBytes: 0, speedBps: 0, etaSeconds: null })).toBe('Downloading m: verifying…');
  });
});
