/**
 * One-step install from the catalogue, against a real loopback server that answers like the hub
 * (HF_ENDPOINT points the hf: URI at it): the hash it publishes (x-linked-etag), byte ranges, a dropped
 * connection that the next attempt resumes, and a wrong published hash that is refused with the file
 * deleted. The estimate of fits is left out here (model-fit.test.ts holds it).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { ModelManager } from '../../src/main/models/model-manager.js';
import { ModelCatalogueService, catalogueFileName, parseCatalogue } from '../../src/main/models/model-catalogue-service.js';
import type { Catalogue } from '../../src/shared/model-catalogue.js';
import { startModelServer } from '../inference/model-server.js';
import type { ModelServer } from '../inference/model-server.js';

const FILE = 'Tiny-Coder-Q4_K_M.gguf';
let body: Buffer;
let sha: string;
let server: ModelServer;
const savedEndpoint = process.env.HF_ENDPOINT;

const catalogue = (sha256: string | null = null): Catalogue => parseCatalogue({
  version: 1,
  models: [{
    id: 'tiny-coder', name: 'Tiny Coder', parameters: 0.01, quantization: 'Q4_K_M', fileSizeBytes: 1, uri: `hf:test-org/Tiny-Coder-GGUF/${FILE}`,
    sha256, contextLength: 2048, licence: 'MIT', languages: ['python'],
    shape: { architecture: 'llama', layers: 2, embedding: 64, heads: 4, kvHeads: 4, feedForward: 128, vocab: 354, tiedEmbeddings: true },
  }],
});

async function manager(): Promise<ModelManager> {
  const m = new ModelManager({ dataDir: mkdtempSync(join(tmpdir(), 'catalogue-install-')) });
  await m.start();
  return m;
}

function service(models: ModelManager, sha256: string | null = null): ModelCatalogueService {
  return new ModelCatalogueService({ catalogue: catalogue(sha256), models, clock: systemClock, estimate: async () => ({ results: new Map(), hardware: 'test' }) });
}

beforeAll(async () => {
  body = readFileSync((await ensureTestModels(['tiny'])).tiny);
  // A model of 24 MB so a drop or a cancel lands mid-transfer: the tiny model's bytes, padded (the header still describes it).
  body = Buffer.concat([body, Buffer.alloc(24 * 1024 * 1024 - (body.length % 32), 0)]);
  sha = createHash('sha256').update(body).digest('hex');
  server = await startModelServer(body, FILE, `/test-org/Tiny-Coder-GGUF/resolve/main/${FILE}`);
  process.env.HF_ENDPOINT = new URL(server.url).origin;
});
afterEach(() => {
  server.headers = {};
  server.ranges.length = 0;
  server.throttleMs = null;
  server.stallAfter = null;
});
afterAll(async () => {
  if (savedEndpoint === undefined) delete process.env.HF_ENDPOINT;
  else process.env.HF_ENDPOINT = savedEndpoint;
  await server.close();
});

describe('installing a catalogue model in one step', () => {
  it('downloads it, checks it against the hash the hub publishes, and makes it the active model', async () => {
    server.headers = { 'x-linked-etag': `"${sha}"` };
    const models = await manager();
    await service(models).install('tiny-coder');
    expect(models.active()?.fileName).toBe(FILE);
    expect(catalogueFileName(catalogue().models[0] ?? { uri: '' })).toBe(FILE);
  });

  it('a pinned sha256 wins over the hub, and a mismatch is refused with nothing left behind', async () => {
    server.headers = { 'x-linked-etag': `"${sha}"` };
    const models = await manager();
    await expect(service(models, 'a'.repeat(64)).install('tiny-coder')).rejects.toThrow(/sha256 mismatch/);
    expect(models.active()).toBeNull();
    expect(readdirSync(models.modelsDir).filter((n) => n.endsWith('.gguf'))).toEqual([]);
    expect(existsSync(join(models.modelsDir, FILE))).toBe(false);
  });

  it('a wrong hash published by the hub is refused and the file deleted', async () => {
    server.headers = { 'x-linked-etag': `"${'b'.repeat(64)}"` };
    const models = await manager();
    await expect(service(models).install('tiny-coder')).rejects.toThrow(/sha256 mismatch/);
    expect(models.active()).toBeNull();
    expect(readdirSync(models.modelsDir).filter((n) => n.endsWith('.gguf'))).toEqual([]);
  });

  it('a hub that publishes no hash is refused before downloading, with what to do', async () => {
    const models = await manager();
    await expect(service(models).install('tiny-coder')).rejects.toThrow(/publishes no sha256.*with a sha256 you trust/);
    expect(server.ranges).toEqual([]);
  });

  it('a connection dropped mid-transfer is retried and the file still verified', async () => {
    server.headers = { 'x-linked-etag': `"${sha}"` };
    const models = await manager();
    const sentBefore = server.bytesSent;
    server.dropAfter = 1024 * 1024;
    await service(models).install('tiny-coder');
    expect(models.active()?.fileName).toBe(FILE);
    expect(server.ranges.length).toBeGreaterThanOrEqual(2); // the drop, then the retry
    expect(server.bytesSent - sentBefore).toBeGreaterThan(body.length);
  });

  it('an unknown id is refused', async () => {
    const models = await manager();
    await expect(service(models).install('nope')).rejects.toThrow('no model nope in the catalogue');
  });
});
