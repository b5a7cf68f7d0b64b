import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeSegments, encodeSegment, startHciCapture } from '../../src/sim/radio/hci-capture.js';
import { describeHciPacket } from '../../src/sim/radio/hci-describe.js';
import { answeredOpcode, compareCommandAnswers, replayHostPackets } from '../../src/sim/radio/hci-replay.js';
import { advertise, discover, setServices, startSimPair } from './sim-pair.js';
import type { SimPair } from './sim-pair.js';

const SERVICE = 'cab70000000000000000000000000001';
const cli = fileURLToPath(new URL('../../src/sim/radio/hci-capture-cli.ts', import.meta.url));

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

    // Replay: the fresh controller receives exactly the captured packets and answers every command the
    // way the original did (except those that need the peer, which a lone controller does not have).
    const txFile = path.join(dir, `hci${central}-tx.seg`);
    const rxFile = path.join(dir, `hci${central}-rx.seg`);
    const again = await replayHostPackets(tx.segments);
    expect(again.fed.map((b) => b.toString('hex'))).toEqual(tx.segments.map((s) => s.bytes.toString('hex')));
    const captured = rx.segments.map((s) => s.bytes);
    const same = compareCommandAnswers(captured, again.answers);
    expect(same.mismatches).toEqual([]);
    expect(same.compared).toBeGreaterThanOrEqual(3); // scan parameters, scan on, scan off at least
    expect(same.skipped).toBeGreaterThanOrEqual(2); // create connection, disconnect
    expect(same.compared + same.skipped).toBe(captured.filter((p) => answeredOpcode(p) !== null).length);
    // A replay that drops one command is caught: the answers no longer line up.
    const firstCommand = tx.segments.findIndex((s) => s.bytes[0] === 0x01);
    const dropped = await replayHostPackets(tx.segments.filter((_, i) => i !== firstCommand));
    expect(compareCommandAnswers(captured, dropped.answers).mismatches.length).toBeGreaterThan(0);

    const checked = execFileSync(process.execPath, ['--import', 'tsx', cli, 'replay', txFile, '--compare', rxFile], { encoding: 'utf8' });
    expect(checked).toContain(`# replayed ${tx.segments.length} of ${tx.segments.length} packets, identical to the capture`);
    expect(checked).toMatch(new RegExp(`# command answers: ${same.compared} of ${same.compared} match, ${same.skipped} skipped`));
    // The CLI exits with 1 when the answers differ (here: a capture with its first command removed).
    const tampered = path.join(dir, 'tampered-tx.seg');
    fs.writeFileSync(tampered, Buffer.concat(tx.segments.filter((_, i) => i !== firstCommand).map((s) => encodeSegment(s.tsMs, s.bytes))));
    let status = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', cli, 'replay', tampered, '--compare', rxFile], { encoding: 'utf8' });
    } catch (err) {
      status = (err as { status: number }).status;
      expect((err as { stdout: string }).stdout).toMatch(/! answer 0: captured EVT CommandComplete/);
    }
    expect(status).toBe(1);
  });
});
