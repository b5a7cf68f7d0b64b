/**
 * The app as a user runs it for failover: the reference coordinator, a headless host in On with the
 * simulated radio and a simulated network link, virtual devices whose handlers run real llama.cpp (one
 * shared engine on the tiny alphabet model, as `npm run demo` builds it), the local API on a free port
 * and the official openai client pointed at it. This computer has no model, so every answer comes from
 * a nearby device. Used by test/routing/failover-app.test.ts and bench/failover.bench.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { startCoordinator, type RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger, type Logger } from '../../src/main/core/logger.js';
import { startDemoDeviceEngine, type DemoDeviceEngine } from '../../src/sim/demo/demo-device-engine.js';
import type { SimArgs } from '../../src/sim/host/sim-args.js';
import { startSimHost, type SimHost } from '../../src/sim/host/sim-host.js';
import type { SimDeviceHandlers } from '../../src/sim/host/sim-bluetooth.js';
import type { SimControls } from '../../src/sim/host/sim-controls.js';
import { ensureTestModel } from '../../src/main/inference/gguf/test-models.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import type { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerSyncEngine } from '../../src/main/ledger/sync-engine.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';

/** A task a virtual mesh device received: which agent it was sent to, and its abort signal. */
export interface DeviceTask {
  providerId: string;
  signal: AbortSignal;
}

/**
 * The devices' shared engine with a hook in front: every mesh task is reported first, and a test can
 * `holdNext()` so the next task does not answer until its device goes away (its signal aborts).
 */
export class DeviceTasks {
  private readonly listeners = new Set<(t: DeviceTask) => void>();
  private holds = 0;
  readonly handlers: SimDeviceHandlers;

  constructor(readonly engine: DemoDeviceEngine) {
    this.handlers = this.hooked();
  }

  private hooked(): SimDeviceHandlers {
    return {
      meshTask: async (request, ctx) => {
        const providerId = typeof request.intent?.providerId === 'string' ? request.intent.providerId : '';
        for (const l of [...this.listeners]) l({ providerId, signal: ctx.signal });
        if (this.holds > 0) {
          this.holds--;
          await new Promise<void>((resolve) => (ctx.signal.aborted ? resolve() : ctx.signal.addEventListener('abort', () => resolve(), { once: true })));
          return { ok: false, error: 'the device went away' };
        }
        const inner = this.engine.handlers.meshTask;
        if (!inner) throw new Error('the device engine has no mesh handler');
        return inner(request, ctx);
      },
      ...(this.engine.handlers.iphone ? { iphone: this.engine.handlers.iphone } : {}),
    };
  }

  holdNext(): void {
    this.holds++;
  }

  /** The next task any mesh device receives. */
  next(): Promise<DeviceTask> {
    return new Promise((resolve) => {
      const once = (t: DeviceTask): void => {
        this.listeners.delete(once);
        resolve(t);
      };
      this.listeners.add(once);
    });
  }
}

export interface SharedParts {
  coordinator: RunningCoordinator;
  tasks: DeviceTasks;
  root: string;
  stop(): Promise<void>;
}

/** The coordinator and the devices' llama.cpp engine, shared by every world of a run. */
export async function startSharedParts(logger: Logger = memoryLogger()): Promise<SharedParts> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ec-failover-'));
  const model = await ensureTestModel('tiny');
  const coordinator = await startCoordinator({ dataDir: path.join(root, 'coordinator'), port: 0, verifyThreads: 0 });
  const engine = await startDemoDeviceEngine({ modelPath: model.path, logger });
  return {
    coordinator,
    tasks: new DeviceTasks(engine),
    root,
    stop: async () => {
      await engine.stop();
      await coordinator.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface FailoverWorld {
  host: SimHost;
  sim: SimControls;
  client: OpenAI;
  /** Resolves when `pred` holds, checked now and on every snapshot change. */
  until(what: string, pred: () => boolean, boundMs?: number): Promise<void>;
  /** Nearby devices ranked for 'auto' (this computer has no model, so all of them). */
  nearby(): number;
  /** Syncs the nearby devices' ledgers (all, or one) to the coordinator, as each would when it is online. */
  settleDevices(agentId?: string): Promise<void>;
  /** Charges the coordinator settled naming this computer as requester (its settled rows, not our ledger). */
  chargesAtCoordinator(): number;
  stop(): Promise<void>;
}

/** One sync of a device's ledger to the coordinator (its agent id self-certifies its key). */
async function syncLedger(ledger: LedgerService, coordinator: RunningCoordinator): Promise<void> {
  const engine = new LedgerSyncEngine({
    store: ledger.store, clock: systemClock, selfPublicKeyHex: ledger.identity.publicKeyHex,
    transport: new CoordinatorClient({ baseUrl: coordinator.url, meshToken: coordinator.meshToken, operatorToken: coordinator.operatorToken, clock: systemClock }),
  });
  await engine.start();
  try {
    const r = await engine.syncNow();
    if (r.error) throw new Error(`device ${ledger.identity.agentId} could not sync: ${r.error}`);
  } finally {
    await engine.stop();
  }
}

let worlds = 0;

export async function startFailoverWorld(shared: SharedParts, o: { crowd?: Partial<SimArgs>; useNearbyWhileOn?: boolean; logger?: Logger } = {}): Promise<FailoverWorld> {
  const dataDir = path.join(shared.root, `runner-${++worlds}`);
  const logger = o.logger ?? memoryLogger();
  // A preference saved before launch, as the dashboard would have saved it.
  if (o.useNearbyWhileOn === false) openConfSettings(dataDir, logger).update({ useNearbyWhileOn: false });
  const host = await startSimHost({
    dataDir,
    port: 0,
    apiPort: 0,
    rendererDir: path.resolve('dist/renderer'),
    clock: systemClock,
    logger,
    sim: { phones: 2, iphones: 0, laptops: 1, taskEverySec: 0, ...o.crowd },
    simHandlers: shared.tasks.handlers,
    coordinatorUrl: shared.coordinator.url,
    mode: 'on',
  });
  const info = host.core.localApi.info();
  if (!info.baseUrl) {
    await host.stop();
    throw new Error(`the host started without its simulator or local API: ${host.localApiLine}`);
  }
  const until = (what: string, pred: () => boolean, boundMs = 60_000): Promise<void> =>
    new Promise((resolve, reject) => {
      if (pred()) return resolve();
      const timer = setTimeout(() => {
        off();
        reject(new Error(`not ${what} within ${boundMs / 1000} s`));
      }, boundMs);
      const off = host.core.bus.subscribe(() => {
        if (!pred()) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  return {
    host,
    sim: host.sim,
    client: new OpenAI({ baseURL: info.baseUrl, apiKey: info.key, maxRetries: 0 }),
    until,
    nearby: () => host.core.routes.rank('auto').ranked.filter((r) => r.candidate.kind !== 'this-computer').length,
    settleDevices: async (agentId) => {
      const sim = host.sim;
      if (!sim) return;
      for (const [id, ledger] of sim.meshLedgers()) if (agentId === undefined || id === agentId) await syncLedger(ledger, shared.coordinator);
    },
    chargesAtCoordinator: () =>
      shared.coordinator.db.prepare('SELECT COUNT(*) FROM settled WHERE requester_id = ?').pluck().get(host.core.ledger?.identity.agentId ?? '') as number,
    stop: () => host.stop(),
  };
}
