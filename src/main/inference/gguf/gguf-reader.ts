/**
 * Reads the header of a GGUF file (metadata and tensor infos, never the weights) with hard bounds,
 * so an untrusted file is judged in-process without loading it into llama.cpp: a bad file gets a
 * GgufError naming what is wrong, never a crash, a hang or unbounded memory.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC, GgufValueType, ggmlBlockLayout, scalarWidth } from './gguf-format.js';

export class GgufError extends Error {
  override readonly name = 'GgufError';
}

export type GgufMetaValue = number | bigint | boolean | string | { array: number; length: number; values?: unknown[] };

export interface GgufTensorInfo {
  name: string;
  dims: bigint[];
  type: number;
  offset: bigint;
}

export interface GgufHeader {
  version: number;
  fileSize: number;
  metadata: Map<string, GgufMetaValue>;
  tensors: GgufTensorInfo[];
  dataOffset: number;
}

const LIMITS = { keys: 100_000, tensors: 100_000, string: 1 << 20, array: 50_000_000, headerBytes: 256 << 20, keptArray: 1024 };

class FileCursor {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;
  constructor(private readonly fh: FileHandle, private readonly size: number) {}

  private async need(n: number): Promise<void> {
    if (this.pos + n > this.size) throw new GgufError(`file ends early (needed ${n} bytes at offset ${this.pos} of ${this.size})`);
    if (this.pos + n > LIMITS.headerBytes) throw new GgufError(`header larger than ${LIMITS.headerBytes} bytes`);
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return;
    const len = Math.min(Math.max(n, 1 << 16), this.size - this.pos);
    const b = Buffer.alloc(len);
    const { bytesRead } = await this.fh.read(b, 0, len, this.pos);
    if (bytesRead < n) throw new GgufError(`short read at offset ${this.pos}`);
    this.buf = b;
    this.bufStart = this.pos;
  }
  private async view(n: number): Promise<Buffer> {
    await this.need(n);
    const at = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(at, at + n);
  }
  async u32(): Promise<number> { return (await this.view(4)).readUInt32LE(0); }
  async u64(): Promise<bigint> { return (await this.view(8)).readBigUInt64LE(0); }
  async count(what: string, max: number): Promise<number> {
    const v = await this.u64();
    if (v > BigInt(max)) throw new GgufError(`${what} ${v} exceeds the limit ${max}`);
    return Number(v);
  }
  async str(what: string): Promise<string> {
    const len = await this.count(`${what} length`, LIMITS.string);
    return (await this.view(len)).toString('utf8');
  }
  skip(n: number): void { this.pos += n; }
  async scalar(type: number): Promise<number | bigint | boolean | string> {
    if (type === GgufValueType.string) return this.str('string value');
    const width = scalarWidth[type];
    if (width === undefined) throw new GgufError(`unknown metadata value type ${type}`);
    const b = await this.view(width);
    switch (type) {
      case 0: return b.readUInt8(0);
      case 1: return b.readInt8(0);
      case 2: return b.readUInt16LE(0);
      case 3: return b.readInt16LE(0);
      case 4: return b.readUInt32LE(0);
      case 5: return b.readInt32LE(0);
      case 6: return b.readFloatLE(0);
      case 7: return b.readUInt8(0) !== 0;
      case 10: return b.readBigUInt64LE(0);
      case 11: return b.readBigInt64LE(0);
      default: return b.readDoubleLE(0);
    }
  }
}

async function readValue(cursor: FileCursor, type: number): Promise<GgufMetaValue> {
  if (type !== GgufValueType.array) return cursor.scalar(type);
  const itemType = await cursor.u32();
  if (itemType === GgufValueType.array) throw new GgufError('nested metadata arrays are not supported');
  const length = await cursor.count('array length', LIMITS.array);
  const keep = length <= LIMITS.keptArray;
  const values: unknown[] = [];
  const width = scalarWidth[itemType];
  if (!keep && width !== undefined) {
    cursor.skip(width * length);
    return { array: itemType, length };
  }
  for (let i = 0; i < length; i++) {
    const v = await cursor.scalar(itemType);
    if (keep) values.push(v);
  }
  return keep ? { array: itemType, length, values } : { array: itemType, length };
}

export async function readGgufHeader(path: string): Promise<GgufHeader> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new GgufError(`cannot open ${path}: ${(err as Error).message}`);
  }
  try {
    const fileSize = (await fh.stat()).size;
    const c = new FileCursor(fh, fileSize);
    if (fileSize < 24 || (await c.u32()) !== GGUF_MAGIC) throw new GgufError('not a GGUF file (bad magic)');
    const version = await c.u32();
    if (version !== 2 && version !== 3) throw new GgufError(`unsupported GGUF version ${version}`);
    const tensorCount = await c.count('tensor count', LIMITS.tensors);
    const keyCount = await c.count('metadata key count', LIMITS.keys);
    const metadata = new Map<string, GgufMetaValue>();
    for (let i = 0; i < keyCount; i++) {
      const key = await c.str('key');
      metadata.set(key, await readValue(c, await c.u32()));
    }
    const tensors: GgufTensorInfo[] = [];
    for (let i = 0; i < tensorCount; i++) {
      const name = await c.str('tensor name');
      const nDims = await c.u32();
      if (nDims < 1 || nDims > 4) throw new GgufError(`tensor ${name} has ${nDims} dimensions`);
      const dims: bigint[] = [];
      for (let d = 0; d < nDims; d++) dims.push(await c.u64());
      tensors.push({ name, dims, type: await c.u32(), offset: await c.u64() });
    }
    const alignment = typeof metadata.get('general.alignment') === 'number' ? (metadata.get('general.alignment') as number) : GGUF_DEFAULT_ALIGNMENT;
    if (alignment < 1 || alignment > 1 << 16) throw new GgufError(`bad alignment ${alignment}`);
    const dataOffset = Math.ceil(c.pos / alignment) * alignment;
    checkTensorData(tensors, dataOffset, fileSize);
    return { version, fileSize, metadata, tensors, dataOffset };
  } finally {
    await fh.close();
  }
}

function checkTensorData(tensors: GgufTensorInfo[], dataOffset: number, fileSize: number): void {
  for (const t of tensors) {
    if (t.dims.some((d) => d < 1n)) throw new GgufError(`tensor ${t.name} has an empty dimension`);
    const layout = ggmlBlockLayout[t.type];
    if (!layout) continue;
    const elements = t.dims.reduce((a, b) => a * b, 1n);
    const bytes = (elements / BigInt(layout[0])) * BigInt(layout[1]);
    if (BigInt(dataOffset) + t.offset + bytes > BigInt(fileSize)) {
      throw new GgufError(`tensor ${t.name} extends past the end of the file (truncated download?)`);
    }
  }
}

export function parameterCount(header: GgufHeader): number {
  let total = 0n;
  for (const t of header.tensors) total += t.dims.reduce((a, b) => a * b, 1n);
  return Number(total);
}
