/**
 * Clock-driven contract suites for any BLE central (injected ManualClock, real noble + bleno on the
 * simulated air): eviction of a peer unseen for 60 s, and the refresh of stale capabilities.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import type { PeerChange } from '../../src/main/ble/central/index.js';
import { ROOM } from './central-contract.js';
import type { CentralUnderTest } from './central-contract.js';
import { startWorld, waitFor } from './sim-world.js';
import type { World } from './sim-world.js';

/** Eviction after 60 s unseen (injected clock) and re-identification when the peer returns with new capabilities. */
export function describeEvictionContract(name: string, make: (world: World, clock: ManualClock) => CentralUnderTest): void {
  describe(`BLE central eviction contract: ${name}`, () => {
    it('evicts a peer 60 s after it was last seen and re-identifies it when it returns', async () => {
      const clock = new ManualClock();
      const world = await startWorld([ROOM[0]!], []);
      const central = make(world, clock);
      const changes: PeerChange[] = [];
      central.onPeerChange((c) => changes.push(c));
      try {
        await central.start();
        await central.setScanning(true);
        const phone = world.mesh[0]!;
        await waitFor(() => central.peers().some((p) => p.peerId === phone.peerId && p.identifiedAt !== null), 'phone identified');
        // Out of range: no advertisements, the link drops, reconnects cannot connect.
        world.air.setRssi(world.centralAddress, phone.address, null);
        world.air.dropLink(world.centralAddress, phone.address);
        await waitFor(() => central.peers()[0]?.link !== 'connected', 'link dropped');
        for (let t = 0; t < 59; t++) {
          await clock.advance(1_000);
          await new Promise((r) => setTimeout(r, 5));
        }
        expect(central.peers().map((p) => p.peerId)).toEqual([phone.peerId]);
        await clock.advance(2_000);
        expect(central.peers()).toEqual([]);
        expect(changes.some((c) => c.kind === 'evicted' && c.peer.peerId === phone.peerId)).toBe(true);
        // It comes back with a different load: a fresh entry, identified again.
        phone.capabilities = { ...phone.capabilities, currentLoad: 3 };
        world.air.setRssi(world.centralAddress, phone.address, -50);
        await waitFor(() => central.peers().some((p) => p.peerId === phone.peerId && p.currentLoad === 3), 'phone re-identified', 30_000);
        const back = central.peers()[0]!;
        expect(back).toMatchObject({ agentId: 'agent-phone-a', rssi: -50, routable: true });
        expect(changes.filter((c) => c.kind === 'added' && c.peer.peerId === phone.peerId)).toHaveLength(2);
      } finally {
        await central.stop();
        world.close();
      }
    });
  });
}

/**
 * A disconnected peer's capabilities are re-read once they are `refreshAfterMs` old (the factory must
 * use 30 s and a single connection slot, so identifying one phone recycles the other's link).
 */
export function describeRefreshContract(name: string, make: (world: World, clock: ManualClock) => CentralUnderTest): void {
  describe(`BLE central refresh contract: ${name}`, () => {
    it('re-reads the capabilities of a disconnected peer seen advertising after 30 s', async () => {
      const clock = new ManualClock();
      const world = await startWorld([ROOM[0]!, ROOM[1]!], []);
      const central = make(world, clock);
      try {
        await central.start();
        await central.setScanning(true);
        const [a, b] = world.mesh;
        await waitFor(() => central.peers().filter((p) => p.identifiedAt !== null).length === 2, 'both phones identified');
        await waitFor(() => central.status().connections === 1 && central.peers().some((p) => p.link === 'idle'), 'one slot in use');
        const idle = central.peers().find((p) => p.link === 'idle')!;
        const peer = idle.peerId === a!.peerId ? a! : b!;
        peer.capabilities = { ...peer.capabilities, currentLoad: 4, batteryPct: 12 };
        await new Promise((r) => setTimeout(r, 200));
        expect(central.peers().find((p) => p.peerId === peer.peerId)?.currentLoad).toBe(peer.spec.load); // not yet stale
        await clock.advance(31_000);
        await waitFor(() => central.peers().find((p) => p.peerId === peer.peerId)?.currentLoad === 4, 'stale capabilities refreshed');
        expect(central.peers().find((p) => p.peerId === peer.peerId)?.batteryPct).toBe(12);
        expect(central.status().connections).toBeLessThanOrEqual(1);
      } finally {
        await central.stop();
        world.close();
      }
    });
  });
}
