/**
 * The route board as the app wires it: a real headless core on the simulated air (virtual phones, a
 * laptop, an iPhone; this computer's own peripheral too) and the real llama.cpp host with the tiny test
 * model. The snapshot's peers carry their terms and total, and this computer appears as a candidate.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotSchema, type Snapshot } from '../../src/shared/snapshot.js';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import type { HeadlessHost } from '../../src/main/headless/headless-host.js';
import { startSimHost } from '../../src/sim/host/sim-host.js';
import { testModels } from '../inference/helpers.js';

let dataDir: string;
let host: HeadlessHost;

/** Resolves with the first published snapshot (or the current one) that satisfies `cond`. */
function snapshotWhere(cond: (s: Snapshot) => boolean): Promise<Snapshot> {
  const now = host.core.snapshot.current();
  if (cond(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    // Every slice event: the snapshot as it is after it.
    const off = host.core.bus.subscribe(() => {
      const s = host.core.snapshot.current();
      if (cond(s)) {
        off();
        resolve(s);
      }
    });
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-route-wiring-'));
  host = await startSimHost({
    dataDir, port: 0, rendererDir: path.resolve('dist/renderer'), clock: systemClock, logger: memoryLogger(), inferenceThreads: 1,
    sim: { phones: 2, iphones: 1, laptops: 1, taskEverySec: 0 },
  });
});

afterAll(async () => {
  await host?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('route board wiring', () => {
  it('this computer is a candidate before any model: skipped, saying why', () => {
    const s = SnapshotSchema.parse(host.core.snapshot.current());
    expect(s.routing.self).toMatchObject({ name: 'This computer', model: null, route: { rank: null, skip: { code: 'model_not_ready' } } });
    expect(s.routing.recent).toEqual([]);
  });

  it('a loaded model makes it rank 1 with no battery or signal term', async () => {
    const { tiny } = await testModels();
    const entry = await host.core.inference.models.addLocal(tiny);
    host.core.inference.models.select(entry.fileName);
    const s = await snapshotWhere((x) => x.routing.self.route.rank === 1);
    const name = host.core.inference.summary()?.name;
    expect(s.routing.self.model).toBe(name);
    expect(s.routing.self.route.terms).toMatchObject({ load: 0, battery: 0, signal: 0 });
    expect(s.routing.self.route.terms?.model).toBeCloseTo(Math.max(0, (7 - s.routing.self.paramSize) * 8), 6);
    expect(host.core.routes.rank().ranked[0]?.candidate.kind).toBe('this-computer');
  });

  it('in Bluetooth Local the nearby devices carry their terms and total, in rank order, without our own peripheral', async () => {
    host.core.mode.set('bluetooth-local', 'user');
    // Our own peripheral is listed (unidentified) until its identity shows it is us; then it is left out.
    const ownRecognised = (): boolean => host.core.routes.rank().skipped.some((x) => x.reason.code === 'own_peripheral');
    const s = SnapshotSchema.parse(await snapshotWhere((x) => ownRecognised() && x.peers.length === 4 && x.peers.every((p) => p.route.terms !== null)));
    expect(s.peers.map((p) => p.name).join(' ')).not.toContain('EdgeCoder Runner');
    for (const p of s.peers) {
      const t = p.route.terms;
      expect(t, p.name).not.toBeNull();
      if (!t) continue;
      expect(t.total).toBeCloseTo(t.model + t.load + t.battery + t.signal, 3);
      if (p.deviceType !== 'phone') expect(t.battery, p.name).toBe(0);
    }
    const iphone = s.peers.find((p) => p.profile === 'bluetooth-local');
    expect(iphone?.route.sizeUnknown).toBe(true);
    const ranks = s.peers.map((p) => p.route.rank).filter((r): r is number => r !== null);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const ranking = host.core.routes.rank();
    expect(ranking.ranked.map((r) => r.candidate.kind)).toContain('this-computer');
    expect(ranking.ranked.length + ranking.skipped.length).toBe(6); // this computer, 4 devices, its own peripheral
  });
});
