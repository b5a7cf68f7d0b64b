/**
 * Names of the contract's operations and events, and the Electron channels, without any schema code,
 * so the sandboxed preload stays tiny. contract.ts checks that its schemas cover exactly these names.
 */
export const operationNameList = [
  'getSnapshot', 'setMode', 'getCreditsReport', 'exportCreditsCsv',
  'getModels', 'addModel', 'selectModel', 'deleteModel', 'downloadModel', 'cancelDownload', 'clearDownloads',
  'getCatalogue', 'installCatalogueModel',
  'snooze', 'resumeWork', 'finishThenStop',
  'getLocalApi', 'regenerateLocalApiKey',
  'getSettings', 'updateSettings', 'openDataFolder',
  'sendPrompt', 'cancelPrompt',
  'revokeDashboardLinks',
] as const;
/** One event per snapshot slice (see slice-events.ts), the Model panel's full status, and notices (toasts). */
export const eventNameList = ['models', 'mode', 'worker', 'network', 'bluetooth', 'peers', 'credits', 'model', 'activity', 'routing', 'notice'] as const;

export type OperationName = (typeof operationNameList)[number];
export type EventName = (typeof eventNameList)[number];

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (operationNameList as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNameList as readonly string[]).includes(value);
}

/** Channel names used by the Electron transport (one invoke channel, one event channel). */
export const ipcChannels = { invoke: 'edgecoder:invoke', event: 'edgecoder:event' } as const;
