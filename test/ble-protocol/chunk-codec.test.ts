import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import {
  chunkSizeFor,
  decodeFrame,
  encodeFrames,
  FRAME_HEADER_BYTES,
  FrameError,
  frameCount,
  MAX_CHUNK_BYTES,
  Reassembler,
} from '../../src/main/ble/protocol/index.js';
import { mulberry32, randomBytes } from './prng.js';

describe('chunkSizeFor', () => {
  it('is min(512, MTU − 3), header included, and 20 when the MTU is unknown', () => {
    expect(chunkSizeFor(null)).toBe(20);
    expect(chunkSizeFor(undefined)).toBe(20);
    expect(chunkSizeFor(23)).toBe(20);
    expect(chunkSizeFor(185)).toBe(182);
    expect(chunkSizeFor(256)).toBe(253);
    expect(chunkSizeFor(517)).toBe(512);
    expect(chunkSizeFor(9000)).toBe(MAX_CHUNK_BYTES);
  });
  it('falls back to the default for nonsense MTUs', () => {
    expect(chunkSizeFor(0)).toBe(20);
    expect(chunkSizeFor(-5)).toBe(20);
    expect(chunkSizeFor(Number.NaN)).toBe(20);
  });
});

describe('encodeFrames / decodeFrame', () => {
  for (const mtu of [23, 185, 256, 517]) {
    it(`round-trips messages at MTU ${mtu} with every frame within the chunk size`, () => {
      const size = chunkSizeFor(mtu);
      const random = mulberry32(mtu);
      for (const length of [0, 1, size - FRAME_HEADER_BYTES, size - FRAME_HEADER_BYTES + 1, 1000, 16 * 1024, 64 * 1024]) {
        const message = randomBytes(random, length);
        const frames = encodeFrames(message, size);
        expect(frames.length).toBe(frameCount(length, size));
        for (const [i, f] of frames.entries()) {
          expect(f.length).toBeLessThanOrEqual(size);
          const d = decodeFrame(f);
          expect(d.seq).toBe(i);
          expect(d.total).toBe(frames.length);
        }
        const r = new Reassembler({ clock: new ManualClock() });
        let out: Buffer | null = null;
        for (const f of frames) out = r.push(f);
        expect(out?.equals(message)).toBe(true);
        expect(r.bufferedBytes).toBe(0);
      }
    });
  }

  it('writes the header as big-endian u16 seq then u16 total', () => {
    const frames = encodeFrames(Buffer.alloc(300 * 16), 20);
    expect(frames.length).toBe(300);
    expect([...frames[258]!.subarray(0, 4)]).toEqual([0x01, 0x02, 0x01, 0x2c]);
  });

  it('refuses a message that would need more than 65 535 chunks', () => {
    expect(() => encodeFrames(Buffer.alloc(16 * 65_536), 20)).toThrow(FrameError);
  });

  it('refuses chunk sizes that leave no payload or exceed 512', () => {
    expect(() => encodeFrames(Buffer.alloc(1), 4)).toThrow(RangeError);
    expect(() => encodeFrames(Buffer.alloc(1), 513)).toThrow(RangeError);
  });
});
