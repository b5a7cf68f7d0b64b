import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createCore, type Core } from '../app/composition-root.js';
import { APP_VERSION } from '../app/version.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { attachWsBridge } from '../ipc/ws-bridge.js';
import { childProcessTransport } from '../inference/child-process-transport.js';
import { openConfSettings } from '../settings/conf-settings.js';
import type { SimArgs } from './args.js';
import { createDashboardServer, listenLoopback } from './dashboard-server.js';
import { createRequestGuard } from './request-guard.js';
import { localApiLine } from '../local-api/local-api-service.js';

export interface HeadlessHost {
  port: number;
  token: string;
  /** The one line the host prints: the dashboard URL with the token in the fragment (never sent to the server). */
  dashboardUrl: string;
  /** The second line the host prints: the local API's base URL and key, or why it is off. */
  localApiLine: string;
  core: Core;
  stop(): Promise<void>;
}

/**
 * The core without Electron: settings through conf in the data dir, the dashboard and the WebSocket
 * bridge on 127.0.0.1 behind a fresh random token per launch.
 */
export async function startHeadlessHost(opts: {
  dataDir: string;
  port: number;
  rendererDir: string;
  clock: Clock;
  logger: Logger;
  token?: string;
  /** The built inference host (dist/main/inference-host.js); default: the source entry (tests, tsx). */
  inferenceEntry?: string;
  inferenceThreads?: number;
  /** Run Bluetooth on the simulated air with virtual devices. */
  sim?: SimArgs | null;
  /** The local API's port instead of the setting (0 = any free port). */
  apiPort?: number;
}): Promise<HeadlessHost> {
  const { dataDir, clock, logger } = opts;
  mkdirSync(dataDir, { recursive: true });
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const settings = openConfSettings(dataDir, logger.child('settings'), () => clock.now());
  const sim = opts.sim ? await (await import('./sim-bluetooth.js')).startSimulatedBluetooth(opts.sim, logger) : null;
  const core = createCore({
    dataDir,
    settings,
    clock,
    logger,
    version: APP_VERSION,
    inferenceTransport: childProcessTransport(opts.inferenceEntry ? { entry: opts.inferenceEntry } : {}),
    ...(opts.inferenceThreads ? { inferenceThreads: opts.inferenceThreads } : {}),
    ...(sim ? { ble: sim.ble } : {}),
    ...(opts.apiPort !== undefined ? { localApiPort: opts.apiPort } : {}),
  });
  await core.start();
  // Never throws: a busy port leaves it 'failed' with the reason in the log and Activity.
  await core.localApi.start();
  if (sim && core.ledger) sim.startTasks(core.ledger.identity.agentId, clock);

  let port = 0;
  const guard = createRequestGuard(token, () => port);
  const server = createDashboardServer({ rendererDir: opts.rendererDir, guard, handlers: core.handlers, logger });
  const bridge = attachWsBridge({ server, guard, handlers: core.handlers, bus: core.bus, logger: logger.child('ws') });
  try {
    port = await listenLoopback(server, opts.port);
  } catch (err) {
    await core.localApi.stop();
    await core.stop();
    await sim?.stop();
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `Port ${opts.port} on 127.0.0.1 is already in use; pass --port <other> (0 picks a free one).` : String(err), { cause: err });
  }

  return {
    port,
    token,
    dashboardUrl: `http://127.0.0.1:${port}/#token=${token}`,
    localApiLine: localApiLine(core.localApi.info()),
    core,
    async stop() {
      await bridge.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await core.localApi.stop();
      await core.stop();
      await sim?.stop();
    },
  };
}
