import { z } from 'zod';
import { ComputeModeSchema } from './modes.js';
import { ledgerStatusSchema } from './ledger-status.js';
import {
  AddModelArgsSchema, CancelDownloadArgsSchema, DeleteModelArgsSchema, DownloadModelArgsSchema, ModelsStatusSchema, SelectModelArgsSchema,
} from './models-status.js';
import { SnapshotSchema } from './snapshot.js';
import { CatalogueEntrySchema, CatalogueViewSchema } from './model-catalogue.js';
import { sliceEventSchemas } from './slice-events.js';
import { SnoozeArgsSchema } from './snooze-args.js';
import { LocalApiInfoSchema } from './local-api.js';
import { NoticeSchema } from './notice.js';
import { SettingsViewSchema, UpdateSettingsResultSchema, type SettingsChanges } from './settings-edit.js';
import { CancelPromptArgsSchema, CancelPromptResultSchema, SendPromptArgsSchema, SendPromptResultSchema } from './send-prompt.js';
import type { EventName, OperationName } from './channels.js';

export { eventNameList as eventNames, operationNameList as operationNames, ipcChannels, isEventName, isOperationName } from './channels.js';
export type { EventName, OperationName } from './channels.js';

/** One request → response operation: the schema of its arguments and of its result. */
export type OperationSpec = { args: z.ZodType; result: z.ZodType };

/**
 * The one IPC contract between the core and any dashboard (Electron preload or WebSocket bridge).
 * Operations are request → response; events flow main → renderer. Every argument, result and event is
 * described by a zod schema and checked at run time on the receiving side.
 */
export const operations = {
  getSnapshot: { args: z.object({}).strict(), result: SnapshotSchema },
  setMode: { args: z.object({ mode: ComputeModeSchema }).strict(), result: SnapshotSchema },
  /** The Credits panel's full report (series, per-peer totals); null when the ledger is unavailable. */
  getCreditsReport: { args: z.object({}).strict(), result: ledgerStatusSchema.nullable() },
  /** The ledger as CSV for completedAt in [from, to) (ms since epoch); the renderer saves it as a file. */
  exportCreditsCsv: {
    args: z.object({ from: z.number().int().nonnegative().optional(), to: z.number().int().nonnegative().optional() }).strict(),
    result: z.object({ filename: z.string(), csv: z.string() }),
  },
  /** The Model panel: active model and its load state, models on disk, downloads, engine figures. */
  getModels: { args: z.object({}).strict(), result: ModelsStatusSchema },
  /** Copies a .gguf already on this computer into the models folder (its GGUF header is checked first). */
  addModel: { args: AddModelArgsSchema, result: ModelsStatusSchema },
  /** Chooses the model the worker serves (null: none). */
  selectModel: { args: SelectModelArgsSchema, result: ModelsStatusSchema },
  /** Deletes a model file; refused for the active model (choose another, or none, first). */
  deleteModel: { args: DeleteModelArgsSchema, result: ModelsStatusSchema },
  /** Starts a download and answers at once; progress arrives with the `models` event. */
  downloadModel: { args: DownloadModelArgsSchema, result: z.object({ id: z.string(), status: ModelsStatusSchema }) },
  cancelDownload: { args: CancelDownloadArgsSchema, result: ModelsStatusSchema },
  /** Forgets finished, failed and cancelled downloads (running ones stay). */
  clearDownloads: { args: z.object({}).strict(), result: ModelsStatusSchema },
  /** The catalogue of coding models, each with how it fits this computer, best first (one Recommended). */
  getCatalogue: { args: z.object({}).strict(), result: CatalogueViewSchema },
  /**
   * Downloads a catalogue model (verified against its pinned sha256 or the hub's) and then uses it.
   * Answers once the download has started; progress and the change of model arrive with the `models` event.
   */
  installCatalogueModel: { args: z.object({ id: CatalogueEntrySchema.shape.id }).strict(), result: ModelsStatusSchema },
  /** Takes no new work for others for a while (running tasks finish); survives a restart. */
  snooze: { args: SnoozeArgsSchema, result: SnapshotSchema },
  /** Ends a snooze and cancels "finish then stop". */
  resumeWork: { args: z.object({}).strict(), result: SnapshotSchema },
  /** Admits nothing new; when the running tasks have finished and reported, the mode becomes Off. */
  finishThenStop: { args: z.object({}).strict(), result: SnapshotSchema },
  /** The local API for IDEs: base URL, key, running or why not. */
  getLocalApi: { args: z.object({}).strict(), result: LocalApiInfoSchema },
  /** A new local API key (the old one stops working at once). */
  regenerateLocalApiKey: { args: z.object({}).strict(), result: LocalApiInfoSchema },
  /** The Settings panel: the editable settings, the data folder and the agent id. */
  getSettings: { args: z.object({}).strict(), result: SettingsViewSchema },
  /**
   * A partial change, applied live. The changes are checked by the handler (SettingsChangesSchema) so a
   * refused field answers `{ok: false, fieldErrors}` (one sentence per field, nothing saved), not a thrown error.
   */
  updateSettings: {
    args: z.object({ changes: z.custom<SettingsChanges>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'changes must be an object of settings') }).strict(),
    result: UpdateSettingsResultSchema,
  },
  /** Shows the data folder in the file manager (the desktop app); a headless host answers `unavailable` with the path. */
  openDataFolder: { args: z.object({}).strict(), result: z.object({ path: z.string() }) },
  /** The dashboard's prompt box: routed like a local API request; a refusal carries the router's words. */
  sendPrompt: { args: SendPromptArgsSchema, result: SendPromptResultSchema },
  /** Stops a prompt sent with that promptId (the page's Cancel); it then answers 'refused', cancelled. */
  cancelPrompt: { args: CancelPromptArgsSchema, result: CancelPromptResultSchema },
  /**
   * Headless dashboard only (the desktop app answers `unavailable`): makes a new dashboard token; the
   * old one stops working at once, for HTTP and for every open WebSocket. Answers the new link.
   */
  revokeDashboardLinks: { args: z.object({}).strict(), result: z.object({ dashboardUrl: z.string() }) },
} as const satisfies Record<OperationName, OperationSpec>;

export const events = {
  /** The snapshot's slices, each when it changes (peers as changes, activity as appended entries). */
  ...sliceEventSchemas,
  /** The Model panel's data whenever a model, a download or the engine's load changes (coalesced). */
  models: ModelsStatusSchema,
  /** A toast (dashboard) or OS notification (shell): network lost or back, sync results. */
  notice: NoticeSchema,
} as const satisfies Record<EventName, z.ZodType>;

export type OperationArgs<N extends OperationName> = z.input<(typeof operations)[N]['args']>;
export type OperationResult<N extends OperationName> = z.output<(typeof operations)[N]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What crosses the boundary for every call: Electron only carries error.message, so errors are data. */
export const ContractErrorSchema = z.object({
  code: z.enum(['unknown_operation', 'invalid_arguments', 'forbidden_sender', 'internal', 'invalid_result', 'unavailable', 'refused']),
  message: z.string(),
});
export type ContractError = z.infer<typeof ContractErrorSchema>;
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export const EnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ContractErrorSchema }),
]);

/** Raised on the renderer side when the core answered `{ok: false}`. */
export class ContractCallError extends Error {
  override readonly name = 'ContractCallError';
  constructor(readonly code: ContractError['code'], message: string) {
    super(message);
  }
}

/** The API a dashboard sees: one function per operation, and a subscription per event. */
export type RunnerApi = {
  [N in OperationName]: (args: OperationArgs<N>) => Promise<OperationResult<N>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

