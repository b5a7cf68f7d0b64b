/**
 * 200 network flaps (the OS link and the coordinator going up, silent and down, transactions recorded
 * meanwhile, the user switching back to On now and then) on a ManualClock over real HTTP to the
 * reference coordinator. Counted at the coordinator's door: at most one ledger sync in flight, no
 * transaction applied twice; the mode only ever leaves On for Bluetooth Local by itself; everything
 * settles once the network is back, and stopping leaves no timer behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bob, makeTx } from '../ledger/fixtures/ledger-fixtures.js';
import { startRunner, type Runner } from './runner-harness.js';
import { mulberry32 } from '../../src/sim/radio/sim-types.js';

let runner: Runner | null = null;
afterEach(async () => {
  await runner?.stop();
  runner = null;
});

describe('200 network flaps', () => {
  it('keep the mode consistent, one sync at a time, no duplicate settlement, no leaked timer', async () => {
    runner = await startRunner('on');
    const r = runner;
    const random = mulberry32(9);
    const peer = bob();
    r.ledger.store.pinPeerKey(peer.agentId, peer.publicKeyHex);
    let recorded = 0;
    await r.clock.advance(0);
    await r.heartbeatSettled();

    for (let flap = 0; flap < 200; flap++) {
      const x = random();
      if (x < 0.2) r.setLink(false);
      else if (x < 0.4) r.setLink(true);
      else if (x < 0.55) r.gate.set('down');
      else if (x < 0.65) r.gate.set('silent');
      else if (x < 0.85) r.gate.set('up');
      else if (x < 0.92) r.mode.set('on', 'user');
      if (random() < 0.3) {
        r.ledger.store.record(makeTx(r.ledger.identity, peer, recorded++));
        r.ledger.sync.notifyRecorded();
      }
      await r.clock.advance(Math.floor(random() * 8_000) + 200);
      await r.heartbeatSettled();
      expect(r.gate.maxSyncInFlight).toBeLessThanOrEqual(1);
      expect(r.mode.current.mode).not.toBe('off');
    }

    // Every change the app made by itself was On → Bluetooth Local; only the user ever chose On.
    for (const c of r.modeChanges) {
      if (c.cause === 'network-lost') expect([c.from, c.mode]).toEqual(['on', 'bluetooth-local']);
      if (c.mode === 'on') expect(c.cause).toBe('user');
    }
    expect(r.modeChanges.some((c) => c.cause === 'network-lost')).toBe(true);
    const lost = r.notes.filter((n) => n === 'Coordinator unreachable').length;
    expect(lost).toBeGreaterThan(0);

    // The network comes back for good: everything recorded settles exactly once.
    r.setLink(true);
    r.gate.set('up');
    for (let i = 0; i < 20 && r.ledger.store.countByState().pending > 0; i++) {
      await r.clock.advance(15_000);
      await r.heartbeatSettled();
      if (r.ledger.sync.status().state !== 'syncing') await r.ledger.sync.syncNow();
    }
    expect(r.network.current.state).toBe('online');
    expect(r.ledger.store.countByState()).toMatchObject({ pending: 0, synced: recorded });
    expect(recorded).toBeGreaterThan(30);
    expect(new Set(r.gate.applied).size).toBe(r.gate.applied.length);
    expect(r.gate.applied.length).toBe(recorded);
    expect((r.coordinator.db.prepare('SELECT COUNT(*) AS n FROM settled').get() as { n: number }).n).toBe(recorded);
    expect(r.gate.maxSyncInFlight).toBe(1);

    await r.service.stop();
    await r.ledger.sync.stop();
    expect(r.clock.pending).toBe(r.baseline);
  }, 120_000);
});
