/**
 * The failover timeline on an injected ManualClock, over real HTTP to the reference coordinator: a
 * silent coordinator needs three missed heartbeats (still online at 30 s, offline at 45 s); the OS
 * saying the link is gone is offline within 1 s and, in On, switches to Bluetooth Local; the link's
 * return sends a heartbeat at once, and the mode stays Bluetooth Local.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startRunner, type Runner } from './runner-harness.js';

let runner: Runner | null = null;
afterEach(async () => {
  await runner?.stop();
  runner = null;
});

async function online(r: Runner): Promise<void> {
  await r.clock.advance(0);
  await r.heartbeatSettled();
  expect(r.network.current.state).toBe('online');
}

/** Advances to `ms` after `t0` in 1 s steps, letting each heartbeat sent on the way finish or be held. */
async function advanceTo(r: Runner, t0: number, ms: number): Promise<void> {
  while (r.clock.now() < t0 + ms) {
    await r.clock.advance(Math.min(1_000, t0 + ms - r.clock.now()));
    await r.heartbeatSettled();
  }
}

describe('failover timeline', () => {
  it('a silent coordinator: still online at 30 s, offline at 45 s (3 × 15 s), then Bluetooth Local', async () => {
    runner = await startRunner('on');
    const r = runner;
    await online(r);
    expect(r.settings.read().meshToken).toBe(r.coordinator.meshToken);
    // The next heartbeat is due in 15 s; the coordinator goes silent just before it (t = 0).
    await r.clock.advance(14_999);
    r.gate.set('silent');
    const t0 = r.clock.now() + 1;
    await advanceTo(r, t0, 30_000);
    expect(r.network.current.state).toBe('online');
    expect(r.network.current.detail).toMatch(/Heartbeat failed \(2\/3\)/);
    expect(r.mode.current.mode).toBe('on');
    await advanceTo(r, t0, 45_000);
    expect(r.network.current.state).toBe('offline');
    expect(r.mode.current).toMatchObject({ mode: 'bluetooth-local', cause: 'network-lost' });
    expect(r.gate.held.get('/heartbeat')).toBeGreaterThan(0);
  });

  it('a single failed heartbeat changes nothing', async () => {
    runner = await startRunner('on');
    const r = runner;
    await online(r);
    await r.clock.advance(14_000);
    r.gate.set('down');
    await advanceTo(r, r.clock.now(), 2_000);
    expect(r.network.current.detail).toMatch(/Heartbeat failed \(1\/3\)/);
    r.gate.set('up');
    await advanceTo(r, r.clock.now(), 15_000);
    expect(r.network.current.state).toBe('online');
    expect(r.modeChanges).toEqual([]);
  });

  it('link down: offline within 1 s and Bluetooth Local; link back: a heartbeat at once, mode stays', async () => {
    runner = await startRunner('on');
    const r = runner;
    await online(r);
    await r.clock.advance(5_000);
    const lostAt = r.clock.now();
    r.setLink(false);
    await r.clock.advance(1_000);
    expect(r.network.current.state).toBe('offline');
    expect(r.network.current.checkedAt! - lostAt).toBeLessThanOrEqual(1_000);
    expect(r.mode.current).toMatchObject({ mode: 'bluetooth-local', cause: 'network-lost' });
    expect(r.ledger.sync.status().state).toBe('offline');
    // No heartbeats while the link is down.
    const sent = r.gate.forwarded.get('/heartbeat') ?? 0;
    await advanceTo(r, r.clock.now(), 30_000);
    expect(r.gate.forwarded.get('/heartbeat') ?? 0).toBe(sent);

    r.setLink(true);
    const back = r.clock.now();
    await r.clock.advance(1_000);
    await r.heartbeatSettled();
    expect(r.gate.forwarded.get('/heartbeat')).toBe(sent + 1);
    expect(r.network.current.state).toBe('online');
    expect(r.network.current.checkedAt! - back).toBeLessThanOrEqual(1_000);
    expect(r.mode.current.mode).toBe('bluetooth-local');
    expect(r.notes).toEqual(['Coordinator unreachable', 'Coordinator reachable again']);
  });

  it('an OS event pushed to the watcher is acted on without waiting for the next read', async () => {
    runner = await startRunner('bluetooth-local');
    const r = runner;
    await online(r);
    r.setLink(false);
    r.link.report(false);
    expect(r.network.current.state).toBe('offline');
    expect(r.mode.current.mode).toBe('bluetooth-local');
  });

  it('Off: no heartbeat, no link watching, no timer left', async () => {
    runner = await startRunner('on');
    const r = runner;
    await online(r);
    r.mode.set('off', 'user');
    await r.network.settled();
    await r.clock.advance(0);
    const sent = r.gate.forwarded.get('/heartbeat');
    r.setLink(false);
    await r.clock.advance(60_000);
    expect(r.gate.forwarded.get('/heartbeat')).toBe(sent);
    expect(r.network.current.state).toBe('online');
    expect(r.network.isRunning).toBe(false);
    expect(r.clock.pending).toBe(r.baseline);
  });
});
