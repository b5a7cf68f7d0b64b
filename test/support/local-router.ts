/**
 * The app's request router with this computer as the only device (no Bluetooth central, no ledger):
 * what the local API talks to on a machine without nearby devices. The route board follows the
 * engine's model and load as the composition root feeds it.
 */
import { wireRouting } from '../../src/main/app/routing-wiring.js';
import type { Clock } from '../../src/main/core/clock.js';
import { systemClock } from '../../src/main/core/clock.js';
import { silentLogger } from '../../src/main/core/logger.js';
import type { CodingRunner } from '../../src/main/coding/coding-types.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { RequestRouter } from '../../src/main/routing/request-router.js';
import { RouteBoard } from '../../src/main/routing/route-board.js';

export function localRouter(engine: InferenceEngine, clock: Clock = systemClock, coding?: CodingRunner): RequestRouter {
  const routes = new RouteBoard({ clock });
  const refresh = (): void => {
    const m = engine.modelState;
    const load = engine.loadSnapshot();
    routes.setSelf({
      readyModel: m.state === 'ready' ? { name: m.info.name, paramSize: m.info.paramSize } : null,
      running: load.busy, queued: load.queued, deviceType: 'workstation',
    });
  };
  engine.on('model', refresh);
  engine.on('load', refresh);
  refresh();
  return wireRouting({ routes, engine, ...(coding ? { coding } : {}), central: null, ledger: null, clock, logger: silentLogger, onRouted: () => undefined });
}
