import { randomUUID } from 'node:crypto';
import type { RoutedRequest } from '../../shared/routing.js';
import type { BleCentralService } from '../ble/central/central-service.js';
import type { CodingRunner } from '../coding/coding-types.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { InferenceEngine } from '../inference/inference-engine.js';
import type { Ledger } from '../ledger/create-ledger.js';
import { bluetoothSearching } from '../routing/bluetooth-searching.js';
import { bluetoothLocalExecutor } from '../routing/bluetooth-local-executor.js';
import { meshPeerExecutor } from '../routing/mesh-peer-executor.js';
import { RequestRouter } from '../routing/request-router.js';
import type { RouteBoard } from '../routing/route-board.js';
import type { RouteExecutors } from '../routing/route-executor.js';
import { thisComputerExecutor } from '../routing/this-computer-executor.js';

/**
 * The user's own requests (local API, the dashboard's prompt box): the request router over the route
 * board's ranking, with an executor for each kind of device this computer can reach. Without a ledger
 * (no identity) nearby mesh agents cannot be paid, so they are not tried; without a central only this
 * computer's model answers.
 */
export function wireRouting(deps: {
  routes: RouteBoard;
  engine: InferenceEngine;
  /** The coding loop for the user's own coding requests on this computer. */
  coding?: CodingRunner;
  central: BleCentralService | null;
  ledger: Ledger | null;
  clock: Clock;
  logger: Logger;
  onRouted: (request: RoutedRequest, recent: RoutedRequest[]) => void;
}): RequestRouter {
  const { central, ledger, clock } = deps;
  const executors: RouteExecutors = { 'this-computer': thisComputerExecutor(deps.engine, deps.coding) };
  if (central) executors['bluetooth-local'] = bluetoothLocalExecutor({ central });
  if (central && ledger) executors.mesh = meshPeerExecutor({ central, requester: { ledger: ledger.service, clock, newId: randomUUID }, logger: deps.logger });
  const router = new RequestRouter({
    rank: (model) => deps.routes.rank(model),
    executors,
    bluetoothSearching: () => bluetoothSearching(central?.status()),
    onCandidatesChanged: (listener) => deps.routes.onChange(listener),
    clock,
    newId: randomUUID,
    logger: deps.logger,
  });
  router.onRouted((request) => deps.onRouted(request, router.recent()));
  return router;
}
