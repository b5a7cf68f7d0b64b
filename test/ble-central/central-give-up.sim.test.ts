/**
 * A phone carried out of reach until the central gives up on it, then brought back: the central tries
 * it afresh once it hears it advertise a while later (real noble and bleno on the simulated air,
 * injected clock). It used to stay 'failed', unroutable, for as long as it kept advertising.
 */
import { describe, expect, it } from 'vitest';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { ROOM } from './central-contract.js';
import { MESH_HASH, startWorld, waitFor } from './sim-world.js';

/** Moves the injected clock a second at a time, letting the simulated radio's work run in between. */
async function advanceUntil(clock: ManualClock, done: () => boolean, maxSeconds: number, what: string): Promise<number> {
  for (let s = 0; s < maxSeconds; s++) {
    if (done()) return s;
    await clock.advance(1_000);
    await new Promise((r) => setTimeout(r, 5));
  }
  if (done()) return maxSeconds;
  throw new Error(`${what}: not within ${maxSeconds} s of clock time`);
}

describe('a peer the central gave up on', () => {
  it('is tried afresh when it advertises again a while later, and is routable once more', async () => {
    const clock = new ManualClock();
    const world = await startWorld([ROOM[0]!], []);
    const central = new BleCentralService({
      nobleFactory: () => world.noble, clock, logger: memoryLogger(), meshTokenHash: MESH_HASH,
      backoff: { kind: 'fixed', baseMs: 1_000, capMs: 1_000, jitter: 0, maxAttempts: 2 }, retryGivenUpAfterMs: 20_000,
    });
    try {
      await central.start();
      await central.setScanning(true);
      const phone = world.mesh[0]!;
      const record = () => central.peers().find((p) => p.peerId === phone.peerId);
      await waitFor(() => record()?.link === 'connected', 'phone connected');

      // Out of reach: the link drops and the reconnect attempts fail until the central gives up.
      world.air.setRssi(world.centralAddress, phone.address, null);
      world.air.dropLink(world.centralAddress, phone.address);
      await advanceUntil(clock, () => record()?.link === 'failed', 40, 'gave up');
      expect(record()?.routable).toBe(false);

      // Back in reach: heard advertising at once, but not retried before the 20 s are up.
      world.air.setRssi(world.centralAddress, phone.address, -50);
      await waitFor(() => (record()?.rssi ?? null) === -50, 'advertising heard again');
      expect(record()?.link).toBe('failed');
      await advanceUntil(clock, () => record()?.link === 'connected', 30, 'connected again');
      expect(record()).toMatchObject({ link: 'connected', routable: true, agentId: 'agent-phone-a' });
    } finally {
      await central.stop();
      world.close();
    }
  }, 60_000);
});
