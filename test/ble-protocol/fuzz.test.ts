/**
 * Fuzz: 120 000 random and mutated frames into a reassembler and a local accumulator. Only typed
 * FrameErrors may come out, and buffered bytes never exceed the cap.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import {
  encodeFrames,
  encodeLocalSlices,
  FrameError,
  LocalAccumulator,
  localResponseSchema,
  Reassembler,
} from '../../src/main/ble/protocol/index.js';
import { mulberry32, randomBytes, randomInt } from './prng.js';

function mutate(random: () => number, f: Buffer): Buffer {
  const out = Buffer.from(f);
  switch (randomInt(random, 6)) {
    case 0: // flip a byte (header or payload)
      if (out.length) out[randomInt(random, out.length)] = randomInt(random, 256);
      return out;
    case 1: // truncate
      return out.subarray(0, randomInt(random, out.length + 1));
    case 2: // extend with junk
      return Buffer.concat([out, randomBytes(random, randomInt(random, 600))]);
    case 3: // rewrite total
      if (out.length >= 4) out.writeUInt16BE(randomInt(random, 65_536), 2);
      return out;
    case 4: // rewrite seq
      if (out.length >= 4) out.writeUInt16BE(randomInt(random, 65_536), 0);
      return out;
    default:
      return out;
  }
}

describe('fuzz', () => {
  it('reassembler: 120k random/mutated frames → only FrameErrors, memory ≤ cap', async () => {
    const seed = 0xb1e5eed;
    const random = mulberry32(seed);
    const clock = new ManualClock();
    const cap = 8 * 1024;
    const r = new Reassembler({ clock, maxBytes: cap, timeoutMs: 500 });
    const codes = new Map<string, number>();
    let completed = 0;
    let maxSeen = 0;
    const sizes = [20, 182, 253, 512];
    const pool = Array.from({ length: 64 }, () => encodeFrames(randomBytes(random, randomInt(random, 12 * 1024)), sizes[randomInt(random, 4)]!));
    for (let i = 0; i < 120_000; i++) {
      let frame: Buffer;
      const kind = randomInt(random, 4);
      if (kind === 0) {
        frame = randomBytes(random, randomInt(random, 40));
        // Half the random frames get small header numbers, so edge values (0, 1, seq = total) are common.
        if (frame.length >= 4 && random() < 0.5) {
          frame.writeUInt16BE(randomInt(random, 4), 0);
          frame.writeUInt16BE(randomInt(random, 4), 2);
        }
      } else {
        const frames = pool[randomInt(random, pool.length)]!;
        frame = frames[randomInt(random, frames.length)]!;
        if (kind === 1) frame = mutate(random, frame);
        if (kind === 3) {
          // A whole valid small message, occasionally corrupted in one frame.
          const small = random() < 0.9 ? encodeFrames(randomBytes(random, randomInt(random, 300)), 20) : frames;
          const bad = randomInt(random, small.length * 4);
          try {
            for (const [j, f] of small.entries()) if (r.push(j === bad ? mutate(random, f) : f)) completed++;
          } catch (err) {
            if (!(err instanceof FrameError)) throw new Error(`seed ${seed} iteration ${i}: ${String(err)}`, { cause: err });
            codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
          }
          maxSeen = Math.max(maxSeen, r.bufferedBytes);
          continue;
        }
      }
      try {
        if (r.push(frame)) completed++;
      } catch (err) {
        if (!(err instanceof FrameError)) throw new Error(`seed ${seed} iteration ${i}: ${String(err)}`, { cause: err });
        codes.set(err.code, (codes.get(err.code) ?? 0) + 1);
      }
      maxSeen = Math.max(maxSeen, r.bufferedBytes);
      if (i % 5000 === 0) await clock.advance(1000);
    }
    expect(maxSeen).toBeLessThanOrEqual(cap);
    expect(completed).toBeGreaterThan(0);
    for (const code of ['short-frame', 'zero-total', 'seq-out-of-range', 'total-changed', 'contradicting-chunk', 'too-large']) {
      expect(codes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  });

  it('local accumulator: 20k random and mutated slices → only FrameErrors, memory ≤ cap', () => {
    const random = mulberry32(42);
    const clock = new ManualClock();
    const cap = 4096;
    const acc = new LocalAccumulator({ clock, schema: localResponseSchema, what: 'local response', maxBytes: cap });
    let completed = 0;
    for (let i = 0; i < 20_000; i++) {
      acc.expect(`r${i % 7}`);
      const valid = JSON.stringify({ id: `r${randomInt(random, 7)}`, output: 'x'.repeat(randomInt(random, 3000)), ok: true, durationMs: 5 });
      const slices = random() < 0.5 ? encodeLocalSlices(valid, 1 + randomInt(random, 512)) : [randomBytes(random, randomInt(random, 700))];
      try {
        for (const s of slices) {
          const b = random() < 0.1 ? mutate(random, s) : s;
          if (acc.push(b)) completed++;
          expect(acc.bufferedBytes).toBeLessThanOrEqual(cap);
        }
      } catch (err) {
        if (!(err instanceof FrameError)) throw err;
      }
    }
    expect(completed).toBeGreaterThan(0);
  });
});
