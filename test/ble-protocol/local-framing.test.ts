import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import {
  encodeLocalSlices,
  LocalAccumulator,
  localResponseSchema,
  localStatusSchema,
} from '../../src/main/ble/protocol/index.js';
import { codeOf } from './frame-code.js';

describe('Bluetooth Local framing', () => {
  const clock = new ManualClock();
  const make = (maxBytes?: number) => new LocalAccumulator({ clock, schema: localResponseSchema, what: 'local response', maxBytes, timeoutMs: 1000 });

  it('slices JSON into ≤ 512-byte pieces that reassemble, multi-byte characters included', () => {
    const output = 'héllo ✓ '.repeat(400);
    const slices = encodeLocalSlices(JSON.stringify({ id: 'a1', output, ok: true, durationMs: 450 }));
    expect(slices.length).toBeGreaterThan(5);
    for (const s of slices) expect(s.length).toBeLessThanOrEqual(512);
    const acc = make();
    acc.expect('a1');
    let done = null;
    for (const s of slices) done = acc.push(s);
    expect(done).toEqual({ id: 'a1', output, ok: true, durationMs: 450 });
    expect(acc.bufferedBytes).toBe(0);
  });

  it('does not complete on a slice ending in an inner brace, and completes with trailing whitespace', () => {
    const acc = make();
    acc.expect('b');
    expect(acc.push(Buffer.from('{"id":"b","ok":true,"output":"{}'))).toBeNull();
    expect(acc.push(Buffer.from(' x'))).toBeNull();
    expect(acc.bufferedBytes).toBeGreaterThan(0);
    expect(acc.push(Buffer.from('"}'))).toEqual({ id: 'b', ok: true, output: '{} x', durationMs: 0 });
  });

  it('completes when the closing brace came before a whitespace-only slice', () => {
    const acc = make();
    acc.expect('c');
    expect(acc.push(Buffer.from('{"id":"c","ok":false}'.slice(0, 10)))).toBeNull();
    expect(acc.push(Buffer.from('{"id":"c","ok":false}'.slice(10)))).toEqual({ id: 'c', ok: false, output: '', durationMs: 0 });
  });

  it('rejects a complete response carrying another id', () => {
    const acc = make();
    acc.expect('want');
    expect(codeOf(() => acc.push(Buffer.from('{"id":"other","ok":true,"output":""}')))).toBe('unexpected-id');
    expect(acc.bufferedBytes).toBe(0);
  });

  it('rejects an oversize message and a schema violation', () => {
    const acc = make(100);
    acc.expect('x');
    acc.push(Buffer.alloc(60, 0x20));
    expect(codeOf(() => acc.push(Buffer.alloc(60, 0x20)))).toBe('too-large');
    expect(acc.bufferedBytes).toBe(0);
    expect(codeOf(() => acc.push(Buffer.from('{"id":"x","ok":"yes"}')))).toBe('invalid-message');
  });

  it('drops a stalled message after the inactivity timeout', async () => {
    const errors: string[] = [];
    const acc = new LocalAccumulator({ clock, schema: localResponseSchema, what: 'r', timeoutMs: 1000, onTimeout: (e) => errors.push(e.code) });
    acc.expect('t');
    acc.push(Buffer.from('{"id":"t",'));
    await clock.advance(999);
    expect(acc.bufferedBytes).toBeGreaterThan(0);
    await clock.advance(1);
    expect(errors).toEqual(['timeout']);
    expect(acc.bufferedBytes).toBe(0);
  });

  it('accepts a status message without an id', () => {
    const acc = new LocalAccumulator({ clock, schema: localStatusSchema, what: 'status' });
    expect(acc.push(Buffer.from('{"modelState":"ready","batteryPct":87,"extra":1}'))).toEqual({ modelState: 'ready', batteryPct: 87 });
  });
});
