/**
 * Simulated radio under the real stacks: a 64 KiB mesh task response from MeshPeripheralService (bleno)
 * to a noble central on the simulated air. Baseline, same run: GATT read round trips on the same link.
 * The sim's cost is per ACL packet (27-byte fragments), so both are compared per ACL packet sent.
 * Goal: streamed notifications pipeline through the 8-packet flow-control window instead of waiting
 * per packet: perPacketStreamVsRoundTrip ≤ 1.
 */
import { performance } from 'node:perf_hooks';
import { SimAir } from '../src/sim/radio/sim-air.js';
import { createSimBleno, installSimulatedHci } from '../src/sim/radio/install-sim.js';
import { MeshPeripheralService } from '../src/main/ble/peripheral/mesh-peripheral-service.js';
import { connectMeshCentral } from '../test/ble-peripheral/mesh-central-helper.js';

export default async function run(): Promise<Record<string, unknown>> {
  const air = new SimAir();
  installSimulatedHci(air);
  const ctrl = air.createController();
  const output = 'z'.repeat(64 * 1024);
  const service = new MeshPeripheralService({
    identity: { agentId: 'bench', meshTokenHash: '11'.repeat(16), publicKey: 'pk' },
    capabilities: { model: 'm', modelParamSize: 7, deviceType: 'laptop' },
    bleno: () => createSimBleno(ctrl),
    taskHandler: async (req) => ({ ok: true, output: req.prompt === 'big' ? output : '' }),
  });
  await service.start();
  const central = await connectMeshCentral(air, ctrl.address);
  let aclPackets = 0;
  air.setCaptureTap((_c, dir, packet) => {
    if (dir === 'tx' && packet[0] === 0x02) aclPackets++;
  });
  const rounds = 50;
  let t = performance.now();
  for (let i = 0; i < rounds; i++) await central.chars.identity.readAsync();
  const roundTripMs = (performance.now() - t) / rounds;
  const roundTripPackets = aclPackets / rounds;
  aclPackets = 0;
  const runs = 5;
  const before = service.status().counters.chunksSent;
  t = performance.now();
  for (let i = 0; i < runs; i++) {
    await central.send('taskRequest', Buffer.from(JSON.stringify({ id: `b${i}`, prompt: 'big' })));
    await central.nextResponse();
  }
  const responseMs = (performance.now() - t) / runs;
  const chunks = (service.status().counters.chunksSent - before) / runs;
  const responsePackets = aclPackets / runs;
  air.setCaptureTap(null);
  await service.stop();
  air.close();
  const ratio = responseMs / responsePackets / (roundTripMs / roundTripPackets);
  return {
    roundTripMs: Number(roundTripMs.toFixed(3)),
    aclPacketsPerRoundTrip: roundTripPackets,
    response64KiBMs: Number(responseMs.toFixed(1)),
    chunksPerResponse: chunks,
    aclPacketsPerResponse: responsePackets,
    throughputKiBps: Number((64 / (responseMs / 1000)).toFixed(0)),
    perPacketStreamVsRoundTrip: Number(ratio.toFixed(3)),
    goal: 'perPacketStreamVsRoundTrip <= 1',
    met: ratio <= 1,
  };
}
