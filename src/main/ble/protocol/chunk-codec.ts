/**
 * Mesh framing (seed 000): a message travels as chunks, each `[seq u16 BE][total u16 BE][payload]`.
 * A chunk, header included, is at most min(512, ATT MTU − 3) bytes; with an unknown MTU (noble on
 * macOS/Windows, or before the first GATT operation) the default ATT MTU 23 applies.
 */
import { FrameError } from './frame-error.js';

export const FRAME_HEADER_BYTES = 4;
/** Largest attribute value ATT allows, and the seed's chunk ceiling. */
export const MAX_CHUNK_BYTES = 512;
/** BLE's default ATT MTU before any exchange. */
export const DEFAULT_ATT_MTU = 23;
/** ATT opcode (1) + handle (2) in every write / notification. */
export const ATT_WRITE_OVERHEAD = 3;
/** u16 total → at most 65 535 chunks per message. */
export const MAX_CHUNKS = 0xffff;

/** Chunk size (header included) for a link: min(512, (mtu ?? 23) − 3), never below header + 1. */
export function chunkSizeFor(mtu: number | null | undefined): number {
  const att = typeof mtu === 'number' && Number.isFinite(mtu) && mtu >= DEFAULT_ATT_MTU ? Math.floor(mtu) : DEFAULT_ATT_MTU;
  return Math.min(MAX_CHUNK_BYTES, att - ATT_WRITE_OVERHEAD);
}

export interface DecodedFrame {
  seq: number;
  total: number;
  /** A view into the frame (no copy); the reassembler copies what it keeps. */
  payload: Uint8Array;
}

/**
 * Splits a message into frames of at most `chunkSize` bytes (header included). An empty message is one
 * header-only frame (total 0 is invalid on the wire). Throws `message-too-large` past 65 535 chunks.
 */
export function encodeFrames(message: Uint8Array, chunkSize: number): Buffer[] {
  if (!Number.isInteger(chunkSize) || chunkSize <= FRAME_HEADER_BYTES || chunkSize > MAX_CHUNK_BYTES) {
    throw new RangeError(`chunk size must be an integer in ${FRAME_HEADER_BYTES + 1}..${MAX_CHUNK_BYTES}, got ${chunkSize}`);
  }
  const per = chunkSize - FRAME_HEADER_BYTES;
  const total = Math.max(1, Math.ceil(message.length / per));
  if (total > MAX_CHUNKS) {
    throw new FrameError('message-too-large', `${message.length} bytes need ${total} chunks of ${chunkSize}`, {
      bytes: message.length,
      chunks: total,
      max: MAX_CHUNKS,
    });
  }
  const frames: Buffer[] = [];
  for (let seq = 0; seq < total; seq++) {
    const part = message.subarray(seq * per, Math.min(message.length, (seq + 1) * per));
    const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + part.length);
    frame.writeUInt16BE(seq, 0);
    frame.writeUInt16BE(total, 2);
    frame.set(part, FRAME_HEADER_BYTES);
    frames.push(frame);
  }
  return frames;
}

/** Reads a frame header; throws `short-frame`, `zero-total` or `seq-out-of-range`. */
export function decodeFrame(frame: Uint8Array): DecodedFrame {
  if (frame.length < FRAME_HEADER_BYTES) {
    throw new FrameError('short-frame', `frame of ${frame.length} bytes is shorter than the ${FRAME_HEADER_BYTES}-byte header`, {
      bytes: frame.length,
    });
  }
  const seq = (frame[0]! << 8) | frame[1]!;
  const total = (frame[2]! << 8) | frame[3]!;
  if (total === 0) throw new FrameError('zero-total', 'frame announces 0 chunks', { seq });
  if (seq >= total) throw new FrameError('seq-out-of-range', `seq ${seq} ≥ total ${total}`, { seq, total });
  return { seq, total, payload: frame.subarray(FRAME_HEADER_BYTES) };
}

/** Frames needed to carry `bytes` at `chunkSize` (header included). */
export function frameCount(bytes: number, chunkSize: number): number {
  return Math.max(1, Math.ceil(bytes / (chunkSize - FRAME_HEADER_BYTES)));
}
