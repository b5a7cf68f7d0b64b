/**
 * Streams a GGUF v3 file to disk: header, metadata key/values, tensor infos, aligned tensor data.
 * Tensor data is produced one tensor at a time (a callback), so a 100+ MB model never sits in memory.
 * Returns the sha256 of the bytes written.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC, GgmlType, GgufValueType } from './gguf-format.js';
import type { GgufScalarTypeName } from './gguf-format.js';

export type GgufValue =
  | { type: GgufScalarTypeName; value: number | bigint | boolean | string }
  | { type: 'array'; itemType: GgufScalarTypeName; values: ReadonlyArray<number | bigint | boolean | string> };

export interface GgufTensorSpec {
  name: string;
  /** Innermost dimension first, as ggml stores them. */
  dims: number[];
  /** F32 data, produced when the tensor is written. Its length must be the product of dims. */
  data: () => Float32Array;
}

export interface GgufSpec {
  metadata: Array<[string, GgufValue]>;
  tensors: GgufTensorSpec[];
}

class ByteSink {
  private parts: Buffer[] = [];
  private size = 0;
  u32(v: number): void { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.push(b); }
  u64(v: number | bigint): void { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.push(b); }
  str(s: string): void { const b = Buffer.from(s, 'utf8'); this.u64(b.length); this.push(b); }
  scalar(type: GgufScalarTypeName, v: number | bigint | boolean | string): void {
    const b = Buffer.alloc(8);
    switch (type) {
      case 'u8': b.writeUInt8(Number(v)); return this.push(b.subarray(0, 1));
      case 'i8': b.writeInt8(Number(v)); return this.push(b.subarray(0, 1));
      case 'u16': b.writeUInt16LE(Number(v)); return this.push(b.subarray(0, 2));
      case 'i16': b.writeInt16LE(Number(v)); return this.push(b.subarray(0, 2));
      case 'u32': b.writeUInt32LE(Number(v)); return this.push(b.subarray(0, 4));
      case 'i32': b.writeInt32LE(Number(v)); return this.push(b.subarray(0, 4));
      case 'f32': b.writeFloatLE(Number(v)); return this.push(b.subarray(0, 4));
      case 'bool': b.writeUInt8(v ? 1 : 0); return this.push(b.subarray(0, 1));
      case 'u64': b.writeBigUInt64LE(BigInt(v)); return this.push(b);
      case 'i64': b.writeBigInt64LE(BigInt(v)); return this.push(b);
      case 'f64': b.writeDoubleLE(Number(v)); return this.push(b);
      case 'string': return this.str(String(v));
    }
  }
  push(b: Buffer): void { this.parts.push(b); this.size += b.length; }
  pad(alignment: number): void {
    const rem = this.size % alignment;
    if (rem) this.push(Buffer.alloc(alignment - rem));
  }
  get length(): number { return this.size; }
  take(): Buffer { const out = Buffer.concat(this.parts); this.parts = []; return out; }
}

function encodeHeader(spec: GgufSpec, alignment: number): { header: Buffer; offsets: number[] } {
  const sink = new ByteSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(3);
  sink.u64(spec.tensors.length);
  sink.u64(spec.metadata.length);
  for (const [key, val] of spec.metadata) {
    sink.str(key);
    if (val.type === 'array') {
      sink.u32(GgufValueType.array);
      sink.u32(GgufValueType[val.itemType]);
      sink.u64(val.values.length);
      for (const item of val.values) sink.scalar(val.itemType, item);
    } else {
      sink.u32(GgufValueType[val.type]);
      sink.scalar(val.type, val.value);
    }
  }
  const offsets: number[] = [];
  let offset = 0;
  for (const t of spec.tensors) {
    sink.str(t.name);
    sink.u32(t.dims.length);
    for (const d of t.dims) sink.u64(d);
    sink.u32(GgmlType.F32);
    sink.u64(offset);
    offsets.push(offset);
    const bytes = t.dims.reduce((a, b) => a * b, 1) * 4;
    offset += Math.ceil(bytes / alignment) * alignment;
  }
  sink.pad(alignment);
  return { header: sink.take(), offsets };
}

/** Writes spec to path (overwriting). Returns the sha256 (hex) and byte size of the file. */
export function writeGguf(path: string, spec: GgufSpec, alignment = GGUF_DEFAULT_ALIGNMENT): { sha256: string; bytes: number } {
  const { header } = encodeHeader(spec, alignment);
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  let bytes = 0;
  const write = (b: Buffer): void => {
    writeSync(fd, b);
    hash.update(b);
    bytes += b.length;
  };
  try {
    write(header);
    for (const t of spec.tensors) {
      const data = t.data();
      const expected = t.dims.reduce((a, b) => a * b, 1);
      if (data.length !== expected) throw new Error(`tensor ${t.name}: ${data.length} values, dims need ${expected}`);
      const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      write(buf);
      const rem = buf.length % alignment;
      if (rem) write(Buffer.alloc(alignment - rem));
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}
