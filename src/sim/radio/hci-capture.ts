import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../main/core/clock.js';
import { systemClock } from '../../main/core/clock.js';
import type { SimAir } from './sim-air.js';

/**
 * Raw HCI capture as append-only segments `[ts_ms u64 LE][len u32 LE][bytes]`, one file per controller
 * and direction: `hci<devId>-tx.seg` (host → controller) and `hci<devId>-rx.seg` (controller → host).
 * Bytes are H4 packets (first byte 0x01 command, 0x02 ACL, 0x04 event). Each file stops at maxBytes.
 */
export interface HciCaptureOptions {
  dir: string;
  /** Per file (default 10 MiB); packets beyond it are counted in `dropped`, not written. */
  maxBytes?: number;
  clock?: Clock;
}

export interface HciCapture {
  readonly files: () => string[];
  readonly dropped: () => number;
  stop(): Promise<void>;
}

export const SEGMENT_HEADER_BYTES = 12;

export function encodeSegment(tsMs: number, bytes: Uint8Array): Buffer {
  const head = Buffer.alloc(SEGMENT_HEADER_BYTES);
  head.writeBigUInt64LE(BigInt(Math.max(0, Math.floor(tsMs))), 0);
  head.writeUInt32LE(bytes.length, 8);
  return Buffer.concat([head, bytes]);
}

export interface Segment {
  tsMs: number;
  bytes: Buffer;
}

/** Decodes a capture file's content; a truncated last segment is reported, not thrown. */
export function decodeSegments(buf: Buffer): { segments: Segment[]; truncatedBytes: number } {
  const segments: Segment[] = [];
  let at = 0;
  while (at + SEGMENT_HEADER_BYTES <= buf.length) {
    const tsMs = Number(buf.readBigUInt64LE(at));
    const len = buf.readUInt32LE(at + 8);
    if (at + SEGMENT_HEADER_BYTES + len > buf.length) break;
    segments.push({ tsMs, bytes: buf.subarray(at + SEGMENT_HEADER_BYTES, at + SEGMENT_HEADER_BYTES + len) });
    at += SEGMENT_HEADER_BYTES + len;
  }
  return { segments, truncatedBytes: buf.length - at };
}

export function startHciCapture(air: SimAir, o: HciCaptureOptions): HciCapture {
  const clock = o.clock ?? systemClock;
  const maxBytes = o.maxBytes ?? 10 * 1024 * 1024;
  fs.mkdirSync(o.dir, { recursive: true });
  const streams = new Map<string, { stream: fs.WriteStream; bytes: number }>();
  let dropped = 0;
  air.setCaptureTap((ctrl, dir, packet) => {
    const file = path.join(o.dir, `hci${ctrl.devId}-${dir}.seg`);
    let s = streams.get(file);
    if (!s) {
      s = { stream: fs.createWriteStream(file, { flags: 'a' }), bytes: 0 };
      s.stream.on('error', () => undefined);
      streams.set(file, s);
    }
    const seg = encodeSegment(clock.now(), packet);
    if (s.bytes + seg.length > maxBytes) {
      dropped++;
      return;
    }
    s.bytes += seg.length;
    s.stream.write(seg);
  });
  return {
    files: () => [...streams.keys()],
    dropped: () => dropped,
    stop: async () => {
      air.setCaptureTap(null);
      await Promise.all([...streams.values()].map((s) => new Promise<void>((r) => s.stream.end(() => r()))));
    },
  };
}
