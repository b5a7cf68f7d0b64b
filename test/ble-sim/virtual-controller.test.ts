import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { withDeadline } from '../../src/main/core/deadline.js';
import { SimAir, mulberry32 } from '../../src/sim/radio/sim-air.js';
import { installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { OP } from '../../src/sim/radio/hci-codes.js';

const require = createRequire(import.meta.url);

/** The fake socket exactly as noble/bleno get it (require resolved through the hook). */
interface RawSocket extends EventEmitter {
  bindRaw(devId?: number): number;
  start(): void;
  write(b: Buffer): void;
  isDevUp(): boolean;
  close(): void;
}

function host(devId: number): { socket: RawSocket; next: (pred: (p: Buffer) => boolean) => Promise<Buffer> } {
  const Socket = require('@abandonware/bluetooth-hci-socket') as new () => RawSocket;
  const socket = new Socket();
  socket.bindRaw(devId);
  socket.start();
  const seen: Buffer[] = [];
  const waiters: Array<{ pred: (p: Buffer) => boolean; resolve: (p: Buffer) => void }> = [];
  socket.on('data', (p: Buffer) => {
    const i = waiters.findIndex((w) => w.pred(p));
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(p);
    else seen.push(p);
  });
  return {
    socket,
    next: (pred) =>
      withDeadline(new Promise<Buffer>((resolve) => {
        const i = seen.findIndex(pred);
        if (i >= 0) resolve(seen.splice(i, 1)[0]!);
        else waiters.push({ pred, resolve });
      }), { clock: systemClock, ms: 5000, operation: 'hci packet' }),
  };
}

const cmd = (opcode: number, params: number[] = []): Buffer => Buffer.from([0x01, opcode & 0xff, opcode >> 8, params.length, ...params]);
const isCC = (opcode: number) => (p: Buffer): boolean => p[0] === 0x04 && p[1] === 0x0e && p.readUInt16LE(4) === opcode;
const isMeta = (sub: number) => (p: Buffer): boolean => p[0] === 0x04 && p[1] === 0x3e && p[3] === sub;

describe('virtual LE controller through the fake bluetooth-hci-socket', () => {
  const air = new SimAir();
  installSimulatedHci(air);
  afterAll(() => air.close());
  const a = air.createController();
  const b = air.createController();
  const ha = host(a.devId);
  const hb = host(b.devId);

  it('resolves the hci socket module to the fake and binds by devId', () => {
    expect(require.resolve('@abandonware/bluetooth-hci-socket')).toMatch(/fake-hci-socket\.cjs$/);
    expect(ha.socket.isDevUp()).toBe(true);
    expect(a.attached && b.attached).toBe(true);
  });

  it('reports the LE buffer (27 × 8) and BD address; unknown commands get success and are recorded', async () => {
    ha.socket.write(cmd(OP.leReadBufferSize));
    const buf = await ha.next(isCC(OP.leReadBufferSize));
    expect([buf[6], buf.readUInt16LE(7), buf[9]]).toEqual([0, 27, 8]);
    ha.socket.write(cmd(OP.readBdAddr));
    const addr = await ha.next(isCC(OP.readBdAddr));
    expect(Buffer.from(addr.subarray(7, 13)).reverse().toString('hex')).toBe(a.address.replace(/:/g, ''));
    ha.socket.write(cmd(0x2031, [0, 5, 5]));
    expect((await ha.next(isCC(0x2031)))[6]).toBe(0);
    expect(a.unknownCommands.has(0x2031)).toBe(true);
  });

  it('connects, forwards ACL with the receiver handle and start flag, credits the sender, updates the connection', async () => {
    hb.socket.write(cmd(OP.leSetAdvEnable, [1]));
    await hb.next(isCC(OP.leSetAdvEnable));
    ha.socket.write(cmd(OP.leCreateConn, [0x60, 0, 0x30, 0, 0, 0, ...Buffer.from(b.address.split(':').reverse().join(''), 'hex'), 0, 6, 0, 12, 0, 0, 0, 42, 0, 0, 0, 0, 0]));
    const ca = await ha.next(isMeta(0x01));
    const cb = await hb.next(isMeta(0x01));
    expect([ca[4], ca[7], cb[4], cb[7]]).toEqual([0, 0, 0, 1]); // status ok; roles central / peripheral
    expect(b.adv.enabled).toBe(false);
    const handleA = ca.readUInt16LE(5);
    const handleB = cb.readUInt16LE(5);
    const acl = Buffer.from([0x02, handleA & 0xff, handleA >> 8, 7, 0, 3, 0, 4, 0, 0x0a, 0x01, 0x00]);
    ha.socket.write(acl);
    const got = await hb.next((p) => p[0] === 0x02);
    expect(got.readUInt16LE(1)).toBe(handleB | (0x2 << 12));
    expect(got.subarray(3)).toEqual(acl.subarray(3));
    const nocp = await ha.next((p) => p[0] === 0x04 && p[1] === 0x13);
    expect([nocp.readUInt16LE(4), nocp.readUInt16LE(6)]).toEqual([handleA, 1]);
    ha.socket.write(cmd(OP.readRssi, [handleA & 0xff, handleA >> 8]));
    expect((await ha.next(isCC(OP.readRssi))).readInt8(9)).toBe(-50);
    ha.socket.write(cmd(OP.leConnUpdate, [handleA & 0xff, handleA >> 8, 24, 0, 40, 0, 0, 0, 200, 0, 0, 0, 0, 0]));
    const ua = await ha.next(isMeta(0x03));
    const ub = await hb.next(isMeta(0x03));
    expect([ua.readUInt16LE(5), ua.readUInt16LE(7), ua.readUInt16LE(11)]).toEqual([handleA, 40, 200]); // the controller picks the max interval asked for
    expect(ub.readUInt16LE(5)).toBe(handleB);
  });

  it('drops a link with reason 0x08 on both sides', async () => {
    expect(air.dropLink(a, b)).toBe(1);
    const da = await ha.next((p) => p[1] === 0x05);
    const db = await hb.next((p) => p[1] === 0x05);
    expect([da[6], db[6]]).toEqual([0x08, 0x08]);
  });

  it('power off: isDevUp false and writes error with ENETDOWN', async () => {
    air.setPowered(a, false);
    expect(ha.socket.isDevUp()).toBe(false);
    const err = new Promise<NodeJS.ErrnoException>((r) => ha.socket.once('error', r));
    ha.socket.write(cmd(OP.reset));
    expect((await err).code).toBe('ENETDOWN');
    air.setPowered(a, true);
    expect(ha.socket.isDevUp()).toBe(true);
  });

  it('loss decisions are reproducible from the seed', () => {
    const r1 = mulberry32(42);
    const r2 = mulberry32(42);
    const s1 = Array.from({ length: 5 }, r1);
    expect(Array.from({ length: 5 }, r2)).toEqual(s1);
    expect(new Set(s1).size).toBe(5);
  });
});
