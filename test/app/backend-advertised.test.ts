/**
 * Where the model runs travels with what this computer tells others: the heartbeat body the
 * coordinator receives and the capabilities nearby devices read (compact, one ATT read, and a peer's
 * bad `accel` is ignored rather than refusing its capabilities).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/logger.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { CoordinatorSession } from '../../src/main/coordinator-client/coordinator-session.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { capabilitiesSchema } from '../../src/main/ble/protocol/mesh-schemas.js';
import { localCapabilities } from '../../src/main/app/this-computer.js';
import type { BackendInfo } from '../../src/shared/models-status.js';
import { memorySettings, mains } from '../worker/swarm-fixture.js';
import { seedOf } from '../ledger/fixtures/ledger-fixtures.js';

const metal: BackendInfo = {
  backend: 'metal', gpuName: 'Apple M3 Pro GPU with an unusually long marketing name attached', vramTotalBytes: 18 * 2 ** 30, vramFreeBytes: 12 * 2 ** 30,
  gpuLayers: 33, totalLayers: 33, threads: 6, summary: 'Metal: 33 of 33 layers on the GPU',
};

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

describe('the backend in the heartbeat', () => {
  it('the coordinator receives backend, GPU, memory and layers with each heartbeat', async () => {
    const bodies: Array<Record<string, unknown>> = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/register') return res.end(JSON.stringify({ accepted: true, meshToken: 'tok', policy: { maxConcurrentTasks: 1 } }));
        bodies.push(JSON.parse(raw) as Record<string, unknown>);
        res.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => server.close());
    const client = new CoordinatorClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, timeoutMs: 5_000 });
    let backend: BackendInfo | null = null;
    const session = new CoordinatorSession({
      client, identity: new Identity(seedOf('backend-hb')), settings: memorySettings(), version: 'test', telemetry: () => mains(),
      activeModel: () => ({ name: 'qwen', paramSize: 7, backend }), logger: silentLogger,
    });
    await session.heartbeat(new AbortController().signal);
    expect(bodies[0]?.inference).toBeUndefined();
    backend = metal;
    await session.heartbeat(new AbortController().signal);
    expect(bodies[1]?.inference).toEqual({ backend: 'metal', gpuName: metal.gpuName, vramTotalMB: 18432, vramFreeMB: 12288, gpuLayers: 33, totalLayers: 33 });
  });
});

describe('the backend in the mesh capabilities', () => {
  it('is advertised compactly and read back by a nearby device', () => {
    const caps = localCapabilities({ model: 'qwen', modelParamSize: 7, memoryMB: 5000 }, { batteryPct: null, deviceType: 'laptop' }, 0, metal);
    const wire = JSON.stringify(caps);
    expect(Buffer.byteLength(wire)).toBeLessThanOrEqual(512 - 3);
    const read = capabilitiesSchema.parse(JSON.parse(wire));
    expect(read.accel).toEqual({ backend: 'metal', gpuLayers: 33, totalLayers: 33, vramMB: 18432, gpu: metal.gpuName?.slice(0, 40) });
  });

  it('a peer without it, or with a malformed one, is still read', () => {
    const base = { model: 'm', modelParamSize: 1.5, deviceType: 'phone' };
    expect(capabilitiesSchema.parse(base).accel).toBeUndefined();
    expect(capabilitiesSchema.parse({ ...base, accel: { backend: 'tpu', gpuLayers: -1 } }).accel).toBeUndefined();
    expect(capabilitiesSchema.parse({ ...base, accel: { backend: 'npu', gpuLayers: 1, totalLayers: 2, vramMB: 0 } }).accel?.backend).toBe('cpu');
  });
});
