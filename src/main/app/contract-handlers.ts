import type { Clock } from '../core/clock.js';
import { OperationUnavailableError, type ContractHandlers } from '../ipc/dispatcher.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import type { LocalApiService } from '../local-api/local-api-service.js';
import type { ModeService } from '../modes/mode-service.js';
import type { InferenceParts } from './inference-wiring.js';
import { createModelHandlers } from './model-handlers.js';
import type { SettingsOps } from './settings-handlers.js';
import { createPromptHandler } from './prompt-handler.js';
import type { CompletionRunner } from '../routing/route-types.js';
import type { PeerNameBook } from './peer-names.js';
import type { SnapshotService } from './snapshot-service.js';
import type { AdmissionGate } from '../worker/admission-gate.js';
import { createWorkerHandlers } from './worker-handlers.js';

/** The core's side of every contract operation; arguments arrive already checked by the dispatcher. */
export function createHandlers(deps: {
  mode: ModeService;
  snapshot: SnapshotService;
  ledger: LedgerService | null;
  clock: Clock;
  inference: Pick<InferenceParts, 'models' | 'engine' | 'catalogue'>;
  gate: AdmissionGate;
  localApi: Pick<LocalApiService, 'info' | 'regenerateKey'>;
  /** The Settings panel's operations (settings-handlers.ts). */
  settingsOps: Pick<ContractHandlers, SettingsOps>;
  router: Pick<CompletionRunner, 'run'>;
  /** Names the per-device credit totals (agent id → advertised name). */
  peerNames?: PeerNameBook;
}): ContractHandlers & { abortDownloads(): void } {
  const { mode, snapshot, ledger, clock } = deps;
  const { abortAll, ...modelHandlers } = createModelHandlers(deps.inference);
  return {
    ...modelHandlers,
    ...createWorkerHandlers({ gate: deps.gate, snapshot }),
    ...deps.settingsOps,
    ...createPromptHandler({ router: deps.router, clock }),
    // Only the headless host has a dashboard token; it replaces this.
    revokeDashboardLinks: async () => {
      throw new OperationUnavailableError('The desktop app has no dashboard links to revoke (only the headless host serves the dashboard to a browser).');
    },
    abortDownloads: abortAll,
    getSnapshot: async () => snapshot.current(),
    setMode: async ({ mode: next }) => {
      mode.set(next, 'user');
      return snapshot.current();
    },
    getCreditsReport: async () => {
      const report = ledger?.status() ?? null;
      return report && deps.peerNames ? deps.peerNames.nameReport(report) : report;
    },
    getLocalApi: async () => deps.localApi.info(),
    regenerateLocalApiKey: async () => deps.localApi.regenerateKey(),
    exportCreditsCsv: async ({ from, to }) => {
      if (!ledger) throw new Error('The ledger is unavailable on this computer');
      if (from !== undefined && to !== undefined && from > to) throw new Error('"from" is after "to"');
      const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
      const filename = `edgecoder-credits-${from === undefined ? 'start' : day(from)}-to-${day(to ?? clock.now())}.csv`;
      return { filename, csv: ledger.exportCsv({ ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }) };
    },
  };
}
