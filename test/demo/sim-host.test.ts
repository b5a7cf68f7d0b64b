/**
 * The simulator as an extension of the headless host: its operations exist over the real WebSocket
 * bridge only where it is installed, and its hardware replaces the real one only there. (The cut
 * network reaching the router is test/routing/failover-app.test.ts.)
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import type { HeadlessHost } from '../../src/main/headless/headless-host.js';
import type { Envelope } from '../../src/shared/contract.js';
import { WsServerMessageSchema } from '../../src/shared/ws-protocol.js';
import { startSimHost, type SimHost } from '../../src/sim/host/sim-host.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { startTestHost } from '../support/headless.js';
import { tempDir } from '../support/temp-dir.js';

/** One invoke over a fresh real WebSocket; resolves with the envelope. */
async function invoke(host: HeadlessHost, op: string, args: unknown): Promise<Envelope<unknown>> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`);
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const answer = new Promise<Envelope<unknown>>((resolve) => {
      ws.on('message', (data) => {
        const msg = WsServerMessageSchema.parse(JSON.parse(data.toString()));
        if (msg.type === 'result' && msg.id === 1) resolve(msg.envelope as Envelope<unknown>);
      });
    });
    ws.send(JSON.stringify({ type: 'invoke', id: 1, op, args }));
    return await answer;
  } finally {
    ws.close();
  }
}

describe('the simulator installed into the headless host', () => {
  const dirs: Array<{ cleanup(): void }> = [];
  let simHost: SimHost;
  let plainHost: HeadlessHost;

  beforeAll(async () => {
    const a = tempDir();
    const b = tempDir();
    dirs.push(a, b);
    simHost = await startSimHost({
      dataDir: a.dir, port: 0, apiPort: 0, rendererDir: path.resolve('dist/renderer'), clock: systemClock, logger: memoryLogger(),
      sim: { phones: 1, iphones: 0, laptops: 0, taskEverySec: 0 },
    });
    plainHost = await startTestHost(b.dir);
  });
  afterAll(async () => {
    await simHost?.stop();
    await plainHost?.stop();
    for (const d of dirs) d.cleanup();
  });

  it('serves the sim* operations over the WebSocket, checked against their schemas', async () => {
    const state = await invoke(simHost, 'simGetState', {});
    expect(state).toMatchObject({ ok: true, value: { network: { up: true }, devices: [{ kind: 'phone', name: 'EdgeCoder sim-phone-1' }] } });
    expect(await invoke(simHost, 'simSetDevice', { id: 'x', batteryPct: 101 })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(await invoke(simHost, 'simAddDevice', { kind: 'laptop' })).toMatchObject({ ok: true, value: { kind: 'laptop', name: 'EdgeCoder sim-laptop-1' } });
  });

  it('gives the core the simulated hardware: a laptop on its charger, a network that can be cut', async () => {
    expect(simHost.core.power).toBeInstanceOf(SimulatedPowerSource);
    expect(plainHost.core.power).not.toBeInstanceOf(SimulatedPowerSource);
    expect(await invoke(simHost, 'simSetNetwork', { up: false })).toMatchObject({ ok: true, value: { network: { up: false } } });
    expect(simHost.sim.state().network).toEqual({ up: false });
    expect(await invoke(simHost, 'simSetNetwork', { up: true })).toMatchObject({ ok: true, value: { network: { up: true } } });
  });

  it('a host without the simulator does not know its operations', async () => {
    expect(await invoke(plainHost, 'simGetState', {})).toEqual({ ok: false, error: { code: 'unknown_operation', message: 'Unknown operation "simGetState"' } });
    expect(await invoke(plainHost, 'simSetNetwork', { up: false })).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(await invoke(plainHost, 'getSnapshot', {})).toMatchObject({ ok: true });
  });
});
