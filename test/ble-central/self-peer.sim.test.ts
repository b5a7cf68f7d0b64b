/**
 * This computer's central finds this computer's own peripheral (same agentId): it is recognised, the
 * connection released at once (a held link would keep bleno from serving anyone else), and it is never
 * re-identified or routed to. Real noble and bleno on the simulated air.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { BleCentralService, SELF_REASON } from '../../src/main/ble/central/index.js';
import type { NobleLike } from '../../src/main/ble/central/index.js';
import { createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { SIM_MESH_TOKEN_HASH, startMeshDevice } from '../../src/sim/devices/mesh-device.js';
import type { SimMeshDevice } from '../../src/sim/devices/mesh-device.js';
import { bounded } from '../ble-peripheral/mesh-central-helper.js';

const air = new SimAir();
installSimulatedHci(air);
let self: SimMeshDevice;
let other: SimMeshDevice;
let central: BleCentralService;

afterAll(async () => {
  await central?.stop();
  await self?.stop();
  await other?.stop();
  air.close();
});

describe('own peripheral', () => {
  it('is flagged as this computer, released, and the other peer stays routable', async () => {
    self = await startMeshDevice(air, { label: 'me' });
    other = await startMeshDevice(air, { label: 'phone' });
    central = new BleCentralService({
      nobleFactory: () => createSimNoble(air.createController()) as unknown as NobleLike,
      clock: systemClock, logger: memoryLogger(), meshTokenHash: SIM_MESH_TOKEN_HASH, selfAgentId: self.agentId,
    });
    await central.start();
    await central.setScanning(true);
    const settled = async (): Promise<void> => {
      for (;;) {
        const mine = central.peers().find((p) => p.agentId === self.agentId);
        const theirs = central.peers().find((p) => p.agentId === other.agentId);
        if (mine?.link === 'idle' && theirs?.routable) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await bounded(settled(), 'self released, other identified', 20_000);
    const mine = central.peers().find((p) => p.agentId === self.agentId);
    expect(mine).toMatchObject({ routable: false, notRoutableReason: SELF_REASON, link: 'idle' });
    // Nobody holds our peripheral: it serves (and would advertise to) other centrals.
    expect(self.service.status().central).toBeNull();
    await expect(central.sendTask(mine!.peerId, { id: 't1', prompt: 'x' }, { timeoutMs: 5_000 })).rejects.toThrow(/this computer/);
  }, 40_000);
});
