import { existsSync } from 'node:fs';
import type { ComputeMode } from '../../shared/modes.js';
import { createCore, type Core } from '../app/composition-root.js';
import { loadDashboardToken, renewDashboardToken } from './dashboard-token.js';
import { APP_VERSION } from '../app/version.js';
import type { Clock } from '../core/clock.js';
import { createDataDir } from '../core/data-dir.js';
import type { Logger } from '../core/logger.js';
import { attachWsBridge } from '../ipc/ws-bridge.js';
import { childProcessTransport } from '../inference/child-process-transport.js';
import { openConfSettings } from '../settings/conf-settings.js';
import { createDashboardServer, listenLoopback } from './dashboard-server.js';
import type { HostExtensionFactory } from './host-extension.js';
import { looksLikeCatalogueId, useCatalogueModel, useModelFile } from './model-arg.js';
import { createRequestGuard } from '../core/loopback-guard.js';
import { localApiLine } from '../local-api/local-api-service.js';

export interface HeadlessHost {
  port: number;
  /** The dashboard token now (a revocation from the dashboard replaces it). */
  readonly token: string;
  /** The one line the host prints: the dashboard URL with the token in the fragment (never sent to the server). */
  readonly dashboardUrl: string;
  /** The dashboard URL again after the links were revoked (the host prints its line anew); returns unsubscribe. */
  onDashboardUrl(listener: (url: string) => void): () => void;
  /** The second line the host prints: the local API's base URL and key, or why it is off. */
  localApiLine: string;
  /** The Local API line again whenever the port or the key changes (from the dashboard's Settings); returns unsubscribe. */
  onLocalApiLine(listener: (line: string) => void): () => void;
  core: Core;
  stop(): Promise<void>;
}

export interface HeadlessHostOptions {
  dataDir: string;
  port: number;
  rendererDir: string;
  clock: Clock;
  logger: Logger;
  token?: string;
  /** The built inference host (dist/main/inference-host.js); default: the source entry (tests, tsx). */
  inferenceEntry?: string;
  inferenceThreads?: number;
  /** Installed around the core before it is built (the simulator, from a source checkout: src/sim). */
  extension?: HostExtensionFactory;
  /** `--mode`: start in this mode, saved like a choice made in the tray. */
  mode?: ComputeMode | null;
  /** `--model`: add this .gguf to the models folder if needed and make it active (ModelArgumentError if unusable). */
  model?: string | null;
  /** Progress lines of a catalogue model that --model downloads first (the CLI writes them to stderr). */
  onModelProgress?: (line: string) => void;
  /** Saved as the coordinator's address before anything starts (the demo's own coordinator). */
  coordinatorUrl?: string;
  /** The local API's port instead of the setting (0 = any free port). */
  apiPort?: number;
}

/**
 * The core without Electron: settings through conf in the data dir, the dashboard and the WebSocket
 * bridge on 127.0.0.1 behind a random token kept in the data folder (a restart keeps open tabs working).
 */
export async function startHeadlessHost(opts: HeadlessHostOptions): Promise<HeadlessHost> {
  const { dataDir, clock, logger } = opts;
  createDataDir(dataDir);
  let token = opts.token ?? loadDashboardToken(dataDir);
  const settings = openConfSettings(dataDir, logger.child('settings'), () => clock.now());
  if (opts.coordinatorUrl) settings.update({ coordinatorUrl: opts.coordinatorUrl });
  if (opts.mode) settings.update({ mode: opts.mode });
  const extension = opts.extension ? await opts.extension({ settings, clock, logger }) : null;
  const core = createCore({
    dataDir,
    settings,
    clock,
    logger,
    version: APP_VERSION,
    inferenceTransport: childProcessTransport(opts.inferenceEntry ? { entry: opts.inferenceEntry } : {}),
    ...(opts.inferenceThreads ? { inferenceThreads: opts.inferenceThreads } : {}),
    ...extension?.coreDeps,
    ...(opts.apiPort !== undefined ? { localApiPort: opts.apiPort } : {}),
  });
  await core.start();
  try {
    if (opts.model && looksLikeCatalogueId(opts.model) && !existsSync(opts.model)) {
      await useCatalogueModel(core.inference.catalogue, opts.model, opts.onModelProgress ?? (() => undefined), () => clock.now());
    } else if (opts.model) await useModelFile(core.inference.models, opts.model);
  } catch (err) {
    await core.stop();
    await extension?.stop();
    throw err;
  }
  // Never throws: a busy port leaves it 'failed' with the reason in the log and Activity.
  await core.localApi.start();
  const undoStarted = extension?.started?.(core);

  let port = 0;
  const guard = createRequestGuard(() => token, () => port);
  const extensions = extension?.contract ? [extension.contract] : [];
  const dashboardUrl = (): string => `http://127.0.0.1:${port}/#token=${token}`;
  const urlListeners = new Set<(url: string) => void>();
  const handlers = {
    ...core.handlers,
    // Every open link stops working: HTTP at once (the guard reads the token), open WebSockets are
    // closed just after this reply has gone out; the page that asked reopens with the new link.
    revokeDashboardLinks: async () => {
      token = renewDashboardToken(dataDir);
      core.snapshot.note('info', 'Every dashboard link was revoked: a new one was made (open dashboards must use it).', 'other');
      setImmediate(() => bridge.disconnectAll('dashboard token revoked'));
      for (const listener of [...urlListeners]) listener(dashboardUrl());
      return { dashboardUrl: dashboardUrl() };
    },
  };
  const server = createDashboardServer({ rendererDir: opts.rendererDir, guard, handlers, logger });
  const bridge = attachWsBridge({ server, guard, handlers, extensions, bus: core.bus, logger: logger.child('ws') });
  try {
    port = await listenLoopback(server, opts.port);
  } catch (err) {
    undoStarted?.();
    await core.localApi.stop();
    await core.stop();
    await extension?.stop();
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EADDRINUSE' ? `Port ${opts.port} on 127.0.0.1 is already in use; pass --port <other> (0 picks a free one).` : String(err), { cause: err });
  }

  return {
    port,
    get token() {
      return token;
    },
    get dashboardUrl() {
      return dashboardUrl();
    },
    onDashboardUrl: (listener) => {
      urlListeners.add(listener);
      return () => urlListeners.delete(listener);
    },
    localApiLine: localApiLine(core.localApi.info()),
    onLocalApiLine: (listener) => core.localApi.onInfoChanged((info) => listener(localApiLine(info))),
    core,
    async stop() {
      undoStarted?.();
      await bridge.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await core.localApi.stop();
      await core.stop();
      await extension?.stop();
    },
  };
}
