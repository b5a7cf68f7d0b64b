import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import type { FrameError} from '../../src/main/ble/protocol/index.js';
import { encodeFrames, Reassembler } from '../../src/main/ble/protocol/index.js';
import { codeOf } from './frame-code.js';

function frame(seq: number, total: number, payload: string | Buffer): Buffer {
  const p = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const h = Buffer.alloc(4);
  h.writeUInt16BE(seq, 0);
  h.writeUInt16BE(total, 2);
  return Buffer.concat([h, p]);
}

describe('Reassembler', () => {
  const make = (opts: { maxBytes?: number; timeoutMs?: number } = {}) => {
    const clock = new ManualClock();
    const timeouts: FrameError[] = [];
    const r = new Reassembler({ clock, onTimeout: (e) => timeouts.push(e), ...opts });
    return { clock, r, timeouts };
  };

  it('accepts chunks out of order', () => {
    const { r } = make();
    expect(r.push(frame(2, 3, 'c'))).toBeNull();
    expect(r.push(frame(0, 3, 'a'))).toBeNull();
    expect(r.push(frame(1, 3, 'b'))?.toString()).toBe('abc');
  });

  it('ignores an identical duplicate chunk', () => {
    const { r } = make();
    r.push(frame(0, 2, 'hello '));
    expect(r.push(frame(0, 2, 'hello '))).toBeNull();
    expect(r.bufferedBytes).toBe(6);
    expect(r.push(frame(1, 2, 'world'))?.toString()).toBe('hello world');
  });

  it('rejects a contradicting chunk and releases the buffer', () => {
    const { r } = make();
    r.push(frame(0, 2, 'hello '));
    expect(codeOf(() => r.push(frame(0, 2, 'HELLO ')))).toBe('contradicting-chunk');
    expect(r.bufferedBytes).toBe(0);
    expect(r.inProgress).toBe(false);
  });

  it('rejects seq ≥ total, total 0, a changed total and a short frame', () => {
    const { r } = make();
    expect(codeOf(() => r.push(frame(3, 3, 'x')))).toBe('seq-out-of-range');
    expect(codeOf(() => r.push(frame(0, 0, 'x')))).toBe('zero-total');
    r.push(frame(0, 3, 'x'));
    expect(codeOf(() => r.push(frame(1, 4, 'y')))).toBe('total-changed');
    expect(r.bufferedBytes).toBe(0);
    r.push(frame(0, 3, 'x'));
    expect(codeOf(() => r.push(Buffer.from([0, 1, 0])))).toBe('short-frame');
    expect(r.bufferedBytes).toBe(0);
  });

  it('caps the message size whatever total the peer announces', () => {
    const { r } = make({ maxBytes: 100 });
    r.push(frame(0, 65_535, Buffer.alloc(60)));
    expect(codeOf(() => r.push(frame(1, 65_535, Buffer.alloc(60))))).toBe('too-large');
    expect(r.bufferedBytes).toBe(0);
    // A message exactly at the cap is fine.
    const frames = encodeFrames(Buffer.alloc(100, 7), 20);
    let out: Buffer | null = null;
    for (const f of frames) out = r.push(f);
    expect(out?.length).toBe(100);
  });

  it('drops a stalled message after the inactivity timeout and reports it', async () => {
    const { r, clock, timeouts } = make({ timeoutMs: 1000 });
    r.push(frame(0, 3, 'a'));
    await clock.advance(900);
    r.push(frame(1, 3, 'b'));
    await clock.advance(900);
    expect(timeouts).toHaveLength(0);
    expect(r.bufferedBytes).toBe(2);
    await clock.advance(100);
    expect(timeouts.map((e) => e.code)).toEqual(['timeout']);
    expect(r.bufferedBytes).toBe(0);
    expect(clock.pending).toBe(0);
    // The late last chunk alone does not complete anything.
    expect(r.push(frame(2, 3, 'c'))).toBeNull();
  });

  it('leaves no timer behind after completion, error or reset', () => {
    const { r, clock } = make();
    r.push(frame(0, 2, 'a'));
    r.push(frame(1, 2, 'b'));
    expect(clock.pending).toBe(0);
    r.push(frame(0, 2, 'a'));
    expect(clock.pending).toBe(1);
    r.reset();
    expect(clock.pending).toBe(0);
    expect(r.bufferedBytes).toBe(0);
    r.push(frame(0, 2, 'a'));
    codeOf(() => r.push(frame(0, 2, 'b')));
    expect(clock.pending).toBe(0);
  });

  it('reassembles the next message after an error', () => {
    const { r } = make();
    codeOf(() => r.push(frame(5, 2, 'x')));
    r.push(frame(0, 2, 'o'));
    expect(r.push(frame(1, 2, 'k'))?.toString()).toBe('ok');
  });
});
