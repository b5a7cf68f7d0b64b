/** Shared setup of the swarm tests: a real reference coordinator, a real CoordinatorSession and a worker. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/main/core/clock.js';
import type { PauseReason } from '../../src/shared/snapshot.js';
import { silentLogger } from '../../src/main/core/logger.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import type { PowerTelemetry } from '../../src/main/coordinator-client/coordinator-schemas.js';
import { CoordinatorSession } from '../../src/main/coordinator-client/coordinator-session.js';
import { Identity } from '../../src/main/ledger/identity.js';
import type { SettingsStore } from '../../src/main/settings/settings-store.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { SlotAdmission } from '../support/slot-admission.js';
import { SwarmWorker } from '../../src/main/worker/swarm-worker.js';
import type { SwarmEngine, SwarmStatus, SwarmWorkerOptions } from '../../src/main/worker/swarm-worker.js';
import type { SwarmTaskEvent } from '../../src/main/worker/swarm-activity.js';
import type { CodingRunner } from '../../src/main/coding/coding-types.js';
import { seedOf } from '../ledger/fixtures/ledger-fixtures.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';

export const tempDir = (label: string): string => mkdtempSync(join(tmpdir(), `swarm-${label}-`));

/** Real settings (conf) in a fresh temp folder: the session reads and writes the mesh token there. */
export function memorySettings(): SettingsStore {
  return openConfSettings(tempDir('settings'), silentLogger, Date.now);
}

export const mains = (p: Partial<PowerTelemetry> = {}): PowerTelemetry =>
  ({ onACPower: true, batteryPct: null, thermalState: 'nominal', cpuUsagePct: 10, memoryUsagePct: 40, deviceType: 'laptop', ...p });

export interface SwarmRig {
  worker: SwarmWorker;
  session: CoordinatorSession;
  client: CoordinatorClient;
  admission: SlotAdmission;
  clock: ManualClock;
  identity: Identity;
  settings: SettingsStore;
  setPower(p: PowerTelemetry): void;
  /** Resolves with the first `n` task events from now on. */
  tasks(n: number): Promise<SwarmTaskEvent[]>;
  /** Resolves once the worker reports a status matching `pred`. */
  statusWhere(pred: (s: SwarmStatus) => boolean): Promise<SwarmStatus>;
}

export function swarmRig(opts: {
  url: string; engine: SwarmEngine; label: string; maxTokens?: number; clock?: ManualClock; pauseReasons?: () => PauseReason[];
  coding?: CodingRunner;
  /** Wraps the real client the worker calls (to hold a reply that is on its way). */
  wrapClient?: (client: CoordinatorClient) => SwarmWorkerOptions['client'];
}): SwarmRig {
  const clock = opts.clock ?? new ManualClock();
  const identity = new Identity(seedOf(opts.label));
  const client = new CoordinatorClient({ baseUrl: opts.url, timeoutMs: 10_000 });
  let power = mains();
  const settings = memorySettings();
  const session = new CoordinatorSession({
    client, identity, settings, version: 'test', telemetry: () => power, activeModel: () => null, logger: silentLogger,
  });
  const admission = new SlotAdmission({ slots: 1, pauseReasons: opts.pauseReasons ?? (() => []) });
  const worker = new SwarmWorker({
    client: opts.wrapClient ? opts.wrapClient(client) : client, agentId: () => identity.agentId, reregister: (s) => session.reregister(s), engine: opts.engine, admission, clock,
    random: () => 0.5, maxTokens: opts.maxTokens ?? 26, ...(opts.coding ? { coding: opts.coding } : {}),
  });
  return {
    worker, session, client, admission, clock, identity, settings,
    setPower: (p) => void (power = p),
    tasks: (n) => new Promise((resolve) => {
      const seen: SwarmTaskEvent[] = [];
      const on = (e: SwarmTaskEvent): void => {
        seen.push(e);
        if (seen.length < n) return;
        worker.off('task', on);
        resolve(seen);
      };
      worker.on('task', on);
    }),
    statusWhere: (pred) => new Promise((resolve) => {
      if (pred(worker.status)) return resolve(worker.status);
      const on = (s: SwarmStatus): void => {
        if (!pred(s)) return;
        worker.off('status', on);
        resolve(s);
      };
      worker.on('status', on);
    }),
  };
}

export async function adminTask(c: Pick<RunningCoordinator, 'url' | 'operatorToken'>, id: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${c.url}/admin/tasks/${encodeURIComponent(id)}`, { headers: { 'x-operator-token': c.operatorToken } });
  return (await res.json()) as Record<string, unknown>;
}

export async function queueTasks(c: Pick<RunningCoordinator, 'url' | 'operatorToken'>, tasks: Array<{ id: string; input: string; timeoutMs?: number; kind?: string; language?: string }>): Promise<void> {
  const res = await fetch(`${c.url}/admin/tasks`, { method: 'POST', headers: { 'x-operator-token': c.operatorToken }, body: JSON.stringify(tasks.map((t) => ({ kind: 'code', ...t }))) });
  if (!res.ok) throw new Error(`queueing tasks failed: HTTP ${res.status}`);
}
