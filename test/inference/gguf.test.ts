import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { creditsForTask, creditsMultiplier, modelSizeClass } from '../../src/shared/credits-multiplier.js';
import { alphabetVocab } from '../../src/main/inference/gguf/alphabet-model.js';
import { GgufError, readGgufHeader } from '../../src/main/inference/gguf/gguf-reader.js';
import { readModelInfo } from '../../src/main/inference/gguf/model-info.js';
import { ensureTestModel } from '../../src/main/inference/gguf/test-models.js';

const dir = mkdtempSync(join(tmpdir(), 'edgecoder-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('credits multiplier', () => {
  it('follows the size classes at their boundaries', () => {
    expect([7, 13, 6.99, 3, 2.99, 1.5, 1.49, 0.5, 0].map(creditsMultiplier)).toEqual([1, 1, 0.7, 0.7, 0.5, 0.5, 0.3, 0.3, 0.3]);
    expect(modelSizeClass(3)).toBe('3-7B');
    expect(creditsMultiplier(Number.NaN)).toBe(0.3);
    expect(creditsForTask(10, 8)).toBe(10);
    expect(creditsForTask(10, 2)).toBe(5);
    expect(creditsForTask(-1, 8)).toBe(0);
  });
});

describe('generated models', () => {
  it('are written once and kept while their hash matches; a damaged file is rewritten', async () => {
    const first = await ensureTestModel('tiny', dir);
    expect(first.generated).toBe(true);
    const second = await ensureTestModel('tiny', dir);
    expect(second).toEqual({ ...first, generated: false });
    const bytes = readFileSync(first.path);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(first.path, bytes);
    const third = await ensureTestModel('tiny', dir);
    expect(third.generated).toBe(true);
    expect(third.sha256).toBe(first.sha256); // deterministic bytes
  });

  it('the coder model is rewritten when the programs it was generated from changed', async () => {
    const first = await ensureTestModel('coder', dir);
    expect((await ensureTestModel('coder', dir)).generated).toBe(false);
    const sidecar = `${first.path}.sha256`;
    writeFileSync(sidecar, JSON.stringify({ ...(JSON.parse(readFileSync(sidecar, 'utf8')) as object), spec: 'other-programs' }));
    const again = await ensureTestModel('coder', dir);
    expect(again.generated).toBe(true);
    expect(again.sha256).toBe(first.sha256);
    expect((await readGgufHeader(again.path)).metadata.get('general.name')).toBe('coder-tiny');
  });

  it('round-trip through the header reader with the expected metadata and tensors', async () => {
    const { path } = await ensureTestModel('tiny', dir);
    const header = await readGgufHeader(path);
    expect(header.version).toBe(3);
    expect(header.metadata.get('llama.attention.head_count')).toBe(4);
    expect(header.metadata.get('tokenizer.ggml.tokens')).toMatchObject({ length: 354 });
    expect(header.tensors).toHaveLength(3 + 2 * 9);
    expect(header.tensors[0]).toMatchObject({ name: 'token_embd.weight', dims: [64n, 354n] });
    expect(alphabetVocab().tokens[3 + 256 + ('a'.charCodeAt(0) - 0x20)]).toBe('a');
  });

  it('the malformed variant is refused by the strict check, read by the lenient one', async () => {
    const { path } = await ensureTestModel('malformed', dir);
    await expect(readModelInfo(path)).rejects.toThrow(/missing llama.attention.head_count/);
    expect((await readModelInfo(path, false)).architecture).toBe('llama');
  });
});

describe('the header reader is bounded against hostile files', () => {
  const header = (kvCount: bigint, rest: Buffer): Buffer => {
    const b = Buffer.alloc(24);
    b.write('GGUF', 0, 'latin1');
    b.writeUInt32LE(3, 4);
    b.writeBigUInt64LE(0n, 8);
    b.writeBigUInt64LE(kvCount, 16);
    return Buffer.concat([b, rest]);
  };

  it('rejects absurd counts and lengths without allocating them', async () => {
    const huge = join(dir, 'huge-count.gguf');
    writeFileSync(huge, header(1n << 60n, Buffer.alloc(0)));
    await expect(readGgufHeader(huge)).rejects.toThrow(/metadata key count .* exceeds the limit/);
    const longKey = Buffer.alloc(8);
    longKey.writeBigUInt64LE(1n << 40n);
    const hugeKey = join(dir, 'huge-key.gguf');
    writeFileSync(hugeKey, header(1n, longKey));
    await expect(readGgufHeader(hugeKey)).rejects.toBeInstanceOf(GgufError);
    await expect(readGgufHeader(hugeKey)).rejects.toThrow(/key length/);
  });

  it('rejects a file that ends inside the header, and a wrong version', async () => {
    const short = join(dir, 'short.gguf');
    writeFileSync(short, header(3n, Buffer.from([5, 0, 0, 0])));
    await expect(readGgufHeader(short)).rejects.toThrow(/file ends early/);
    const v9 = header(0n, Buffer.alloc(0));
    v9.writeUInt32LE(9, 4);
    writeFileSync(short, v9);
    await expect(readGgufHeader(short)).rejects.toThrow(/unsupported GGUF version 9/);
  });
});
