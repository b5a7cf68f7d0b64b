import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import { EventBus } from '../events/event-bus.js';
import type { ContractHandlers } from '../ipc/dispatcher.js';
import { ModeService } from '../modes/mode-service.js';
import type { SettingsStore } from '../settings/settings-store.js';
import { appEventPolicy, type AppEvent } from './app-events.js';
import { SnapshotService } from './snapshot-service.js';

export interface CoreDeps {
  dataDir: string;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
}

export interface Core {
  handlers: ContractHandlers;
  bus: EventBus<AppEvent>;
  snapshot: SnapshotService;
  mode: ModeService;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The one place that builds the core: every service gets its dependencies here, starts in order and
 * stops in reverse. Both shells (Electron, headless) call this and only add their transport.
 */
export function createCore(deps: CoreDeps): Core {
  const { settings, clock, logger } = deps;
  const bus = new EventBus<AppEvent>({ capacity: 64, policy: appEventPolicy });
  const mode = new ModeService({ settings, clock, logger: logger.child('mode') });
  const snapshot = new SnapshotService({ mode, bus, clock });
  for (const problem of settings.problems) snapshot.note('warn', problem);

  const services: Service[] = [mode];
  const started: Service[] = [];

  const handlers: ContractHandlers = {
    getSnapshot: async () => snapshot.current(),
    setMode: async ({ mode: next }) => {
      mode.set(next, 'user');
      return snapshot.current();
    },
  };

  return {
    handlers,
    bus,
    snapshot,
    mode,
    async start() {
      for (const service of services) {
        await service.start();
        started.push(service);
        logger.log('debug', 'service.started', { service: service.name });
      }
    },
    async stop() {
      while (started.length) {
        const service = started.pop();
        if (!service) break;
        try {
          await service.stop();
        } catch (err) {
          logger.log('error', 'service.stop_failed', { service: service.name, message: String(err) });
        }
      }
    },
  };
}
