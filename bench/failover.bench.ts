/**
 * Failover as the user feels it, on the running app (headless host in On, reference coordinator,
 * simulated radio with real noble/bleno, virtual mesh devices answering with real llama.cpp; this
 * computer has no model, so every answer comes from a nearby device):
 * - OS link down → first API answer from a nearby device (openai client), cold (useNearbyWhileOn off:
 *   the central is not running in On, the loss switches to Bluetooth Local which powers it up and scans)
 *   and warm (the central already scanning in On). A fresh app per round, so no round inherits the
 *   previous one's peer table. A 503 (no device yet) is retried at once and counted.
 * - Requests in flight when the network link drops or the device serving them vanishes: 100 requests,
 *   in concurrent batches, each batch disturbed once its first task reaches a device.
 * - Paid once, counted where it lands: after the run every device's ledger and this computer's sync to
 *   the reference coordinator, and the coordinator's settled rows naming this computer as requester must
 *   equal the requests served (a lost answer that was settled anyway would be a charge twice).
 * Goal: cold and warm median ≤ 2 s, 0 failed in flight, 0 charged twice.
 */
import OpenAI from 'openai';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../src/main/core/logger.js';
import { startFailoverWorld, startSharedParts, type FailoverWorld, type SharedParts } from '../test/support/failover-world.js';

const ROUNDS = Number(process.env.BENCH_FAILOVER_ROUNDS ?? 5);
const IN_FLIGHT = 100;
const BATCH = 4;
const GOAL_MS = 2_000;

const ask = (w: FailoverWorld) =>
  w.client.chat.completions.create({ model: 'auto', max_tokens: 20, messages: [{ role: 'user', content: 'uvw' }] }).withResponse();

const stats = (xs: number[]): { median: number; max: number; rounds: number[] } => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median: Math.round(median), max: Math.round(s[s.length - 1] ?? NaN), rounds: xs.map((x) => Math.round(x)) };
};

/** One loss: a fresh app in On, the link cut, then requests until a nearby device answers. */
async function loss(shared: SharedParts, warm: boolean): Promise<{ ms: number; retries: number }> {
  const w = await startFailoverWorld(shared, { useNearbyWhileOn: warm, logger: silentLogger });
  try {
    const core = w.host.core;
    await w.until('online in On', () => core.network.current.state === 'online' && core.mode.current.mode === 'on');
    if (warm) await w.until('devices ranked', () => w.nearby() === 3);
    else if (w.nearby() !== 0) throw new Error('cold round: devices were already known before the loss');
    let retries = 0;
    const t0 = performance.now();
    w.sim.setNetwork(false);
    for (;;) {
      try {
        const { response } = await ask(w);
        const ms = performance.now() - t0;
        const by = response.headers.get('x-edgecoder-served-by');
        if (!w.sim.state().devices.some((d) => d.name === by)) throw new Error(`answered by ${String(by)}, not a nearby device`);
        return { ms, retries };
      } catch (err) {
        if (!(err instanceof OpenAI.APIError && err.status === 503) || performance.now() - t0 > 30_000) throw err;
        retries++;
      }
    }
  } finally {
    await w.stop();
  }
}

/** 100 requests in batches; each batch loses the device serving its first task, or the network link. */
interface InFlightResult {
  total: number;
  failed: number;
  errors: string[];
  /** Settled at the coordinator for this computer as requester, during the run. */
  settledAtCoordinator: number;
  chargedTwice: number;
  paidOnce: boolean;
  disturbances: Record<string, number>;
}

async function inFlight(shared: SharedParts): Promise<InFlightResult> {
  const w = await startFailoverWorld(shared, { crowd: { phones: 3, laptops: 2 }, logger: silentLogger });
  try {
    const core = w.host.core;
    await w.until('online in On', () => core.network.current.state === 'online');
    await w.until('devices ranked', () => w.nearby() === 5);
    const chargedBefore = w.chargesAtCoordinator();
    let failed = 0;
    const errors: string[] = [];
    const disturbances = { deviceVanished: 0, linkDropped: 0 };
    for (let sent = 0, b = 0; sent < IN_FLIGHT; sent += BATCH, b++) {
      const first = shared.tasks.next();
      // Settled at once, so a failure while the batch is being disturbed is counted, never unhandled.
      const batch = Array.from({ length: Math.min(BATCH, IN_FLIGHT - sent) }, () => ask(w).then(() => null, (err: unknown) => err));
      const task = await first;
      if (b % 2 === 0) {
        const gone = w.sim.state().devices.find((d) => d.agentId === task.providerId);
        // What the device holds reaches the coordinator, as it would when the phone is online again.
        await w.settleDevices(task.providerId);
        await w.sim.removeDevice(task.providerId);
        disturbances.deviceVanished++;
        // Another device walks in, so the crowd stays the same size.
        if (gone) await w.sim.addDevice(gone.kind);
      } else {
        w.sim.setNetwork(false);
        disturbances.linkDropped++;
      }
      for (const err of await Promise.all(batch)) {
        if (err === null) continue;
        failed++;
        if (errors.length < 5) errors.push(err instanceof Error ? err.message : String(err));
      }
      process.stderr.write(`failover: in flight ${Math.min(sent + BATCH, IN_FLIGHT)}/${IN_FLIGHT}, failed ${failed}\n`);
      if (!w.sim.state().network?.up) {
        w.sim.setNetwork(true);
        core.mode.set('on', 'user');
        await w.until('online again', () => core.network.current.state === 'online');
      }
    }
    await w.settleDevices();
    const sync = await core.ledger?.sync.syncNow();
    if (sync?.error) throw new Error(`this computer could not sync its ledger: ${sync.error}`);
    const settledAtCoordinator = w.chargesAtCoordinator() - chargedBefore;
    const served = IN_FLIGHT - failed;
    const chargedTwice = Math.max(0, settledAtCoordinator - served);
    return { total: IN_FLIGHT, failed, errors, settledAtCoordinator, chargedTwice, paidOnce: settledAtCoordinator === served, disturbances };
  } finally {
    await w.stop();
  }
}

export default async function run(): Promise<Record<string, unknown>> {
  const shared = await startSharedParts(silentLogger);
  try {
    const cold: number[] = [];
    const warm: number[] = [];
    let retries = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const c = await loss(shared, false);
      const h = await loss(shared, true);
      process.stderr.write(`failover: round ${i + 1}: cold ${Math.round(c.ms)} ms, warm ${Math.round(h.ms)} ms\n`);
      cold.push(c.ms);
      warm.push(h.ms);
      retries += c.retries + h.retries;
    }
    const flight = await inFlight(shared);
    const coldMs = stats(cold);
    const warmMs = stats(warm);
    return {
      coldMs,
      warmMs,
      retriedAfter503: retries,
      goalMs: GOAL_MS,
      inFlight: flight,
      met: coldMs.median <= GOAL_MS && warmMs.median <= GOAL_MS && flight.failed === 0 && flight.paidOnce && flight.chargedTwice === 0,
    };
  } finally {
    await shared.stop();
  }
}
