import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSegments, encodeSegment, startHciCapture } from '../../src/main/ble/sim/hci-capture.js';
import { describeHciPacket } from '../../src/main/ble/sim/hci-describe.js';
import { advertise, discover, setServices, startSimPair } from './sim-pair.js';
import type { SimPair } from './sim-pair.js';

const SERVICE = 'cab70000000000000000000000000001';
const cli = fileURLToPath(new URL('../../src/main/ble/sim/hci-capture-cli.ts', import.meta.url));

describe('raw HCI capture of a real noble/bleno session', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hci-capture-'));
  let pair: SimPair;
  afterAll(() => {
    pair?.air.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('segments round-trip and a truncated tail is reported', () => {
    const buf = Buffer.concat([encodeSegment(5, Buffer.from([1, 2, 3])), encodeSegment(7, Buffer.from([4])), Buffer.from([9, 9])]);
    const { segments, truncatedBytes } = decodeSegments(buf);
    expect(segments.map((s) => [s.tsMs, [...s.bytes]])).toEqual([[5, [1, 2, 3]], [7, [4]]]);
    expect(truncatedBytes).toBe(2);
  });

  it('captures both directions per controller; the CLI inspects and replays them', async () => {
    pair = await startSimPair();
    const capture = startHciCapture(pair.air, { dir });
    const { bleno } = pair;
    await setServices(bleno, [new bleno.PrimaryService({ uuid: SERVICE, characteristics: [] })]);
    await advertise(bleno, 'cap', [SERVICE]);
    const p = await discover(pair.noble, SERVICE);
    await p.connectAsync();
    await p.discoverServicesAsync([SERVICE]);
    await p.disconnectAsync();
    await capture.stop();
    const central = pair.air.controller(pair.centralAddress).devId;
    const tx = decodeSegments(fs.readFileSync(path.join(dir, `hci${central}-tx.seg`)));
    const rx = decodeSegments(fs.readFileSync(path.join(dir, `hci${central}-rx.seg`)));
    const txs = tx.segments.map((s) => describeHciPacket(s.bytes));
    const rxs = rx.segments.map((s) => describeHciPacket(s.bytes));
    expect(txs.some((d) => d.startsWith('CMD leCreateConn'))).toBe(true);
    expect(txs.some((d) => d.startsWith('ACL'))).toBe(true);
    expect(rxs).toContain('EVT LeMeta ConnectionComplete');
    expect(rxs.some((d) => d.startsWith('EVT DisconnectionComplete') && d.endsWith('reason=0x16'))).toBe(true);
    expect(tx.truncatedBytes + rx.truncatedBytes).toBe(0);
    expect(capture.dropped()).toBe(0);
    const ts = rx.segments.map((s) => s.tsMs);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);

    const inspected = execFileSync(process.execPath, ['--import', 'tsx', cli, 'inspect', path.join(dir, `hci${central}-tx.seg`)], { encoding: 'utf8' });
    expect(inspected).toMatch(/CMD leCreateConn/);
    const replayed = execFileSync(process.execPath, ['--import', 'tsx', cli, 'replay', path.join(dir, `hci${central}-tx.seg`)], { encoding: 'utf8' });
    expect(replayed).toMatch(/→ CMD leCreateConn \(25 bytes\)\n {2}← EVT CommandStatus leCreateConn status=0x0/);
  });
});
