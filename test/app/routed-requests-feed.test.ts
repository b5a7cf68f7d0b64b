/**
 * What a routed request changes on the dashboard: today's served counts and the recent list in the
 * routing slice, and the Credits slice only when the request paid a nearby device. Real snapshot
 * service and gate, real SQLite ledgers on both sides of a paid request, a manual clock.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { appEventPolicy, type AppEvent } from '../../src/main/events/app-events.js';
import { creditsRefresher, routedRequestsFeed } from '../../src/main/app/routed-requests-feed.js';
import { SnapshotService, initialGateContext } from '../../src/main/app/snapshot-service.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { EventBus } from '../../src/main/events/event-bus.js';
import { createLedger, type Ledger } from '../../src/main/ledger/create-ledger.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { SimulatedPowerSource } from '../../src/sim/power/simulated-power-source.js';
import { ServedTodayCounter } from '../../src/main/routing/served-today.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { AdmissionGate } from '../../src/main/worker/admission-gate.js';
import type { RoutedRequest } from '../../src/shared/routing.js';
import { tempDir } from '../support/temp-dir.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const clock = new ManualClock(new Date(2026, 11, 7, 10, 0).getTime());
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

function dir(): string {
  const d = tempDir('edgecoder-routed-feed-');
  cleanups.push(d.cleanup);
  return d.dir;
}

function snapshotService(): SnapshotService {
  const settings = openConfSettings(dir(), memoryLogger(), () => clock.now());
  const mode = new ModeService({ settings, clock, logger: memoryLogger() });
  const gate = new AdmissionGate({ mode, settings, power: SimulatedPowerSource.laptop(80), clock, context: initialGateContext });
  return new SnapshotService({ mode, bus: new EventBus<AppEvent>({ capacity: 64, policy: appEventPolicy }), clock, worker: gate });
}

function ledger(): Ledger {
  const l = createLedger({ dataDir: dir(), transport: { bleSync: () => Promise.reject(new Error('offline')) }, clock });
  cleanups.push(() => l.close());
  return l;
}

/** This computer pays a nearby agent for one task, both sides recording (the dual-signature protocol). */
function payNearbyDevice(requester: Ledger, provider: Ledger, cpuSeconds: number): number {
  const intent = requester.service.createIntent(provider.identity.agentId, sha('task'), clock.now(), { expiresAt: clock.now() + 60_000, maxCredits: 100 });
  const checked = provider.service.checkIntent(intent, requester.identity.agentId, requester.identity.publicKeyHex);
  const tx = provider.service.complete(checked, requester.identity.publicKeyHex, { cpuSeconds, providerModelParamSize: 7, resultHash: sha('out'), completedAt: clock.now() });
  return requester.service.accept(intent, tx, provider.identity.publicKeyHex).credits;
}

const request = (over: Partial<RoutedRequest>): RoutedRequest => ({
  id: 'r', at: clock.now(), source: 'local-api', model: 'auto', ok: true, servedBy: null, terms: null, runnerUp: null,
  attempts: [], latencyMs: 1, completionTokens: 1, credits: null, error: null, ...over,
});

describe('what a routed request changes on the dashboard', () => {
  it('counts it in today\'s served figures and the recent list, keeping the self row', () => {
    const snapshot = snapshotService();
    const self = snapshot.slice('routing').self;
    let refreshed = 0;
    const routed = routedRequestsFeed({ snapshot, servedToday: new ServedTodayCounter(clock), refreshCredits: () => void refreshed++ });
    const first = request({ id: 'a' });
    routed(first, [first]);
    const second = request({ id: 'b', source: 'dashboard' });
    routed(second, [second, first]);
    const failed = request({ id: 'c', ok: false, error: 'no device' });
    routed(failed, [failed, second, first]);
    expect(snapshot.slice('routing')).toEqual({ self, recent: [failed, second, first], servedToday: { day: '2026-12-07', localApi: 1, dashboard: 1 } });
    expect(refreshed).toBe(0);
  });

  it('a request that paid a nearby device shows in Credits at once; a free one reads nothing', () => {
    const snapshot = snapshotService();
    const mine = ledger();
    const phone = ledger();
    const routed = routedRequestsFeed({ snapshot, servedToday: new ServedTodayCounter(clock), refreshCredits: creditsRefresher(mine, snapshot) });
    routed(request({ id: 'free' }), []);
    expect(snapshot.slice('credits')).toBeNull();

    const credits = payNearbyDevice(mine, phone, 2);
    routed(request({ id: 'paid', credits }), []);
    expect(credits).toBeGreaterThan(0);
    expect(snapshot.slice('credits')).toMatchObject({ spent: credits, earned: 0, pending: credits, synced: 0 });
  });

  it('without a ledger (no identity) the Credits slice stays empty', () => {
    const snapshot = snapshotService();
    creditsRefresher(null, snapshot)();
    expect(snapshot.slice('credits')).toBeNull();
  });
});
