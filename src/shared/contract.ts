import { z } from 'zod';
import { ComputeModeSchema } from './modes.js';
import { SnapshotSchema } from './snapshot.js';

/**
 * The one IPC contract between the core and any dashboard (Electron preload or WebSocket bridge).
 * Operations are request → response; events flow main → renderer. Every argument, result and event is
 * described by a zod schema and checked at run time on the receiving side.
 */
export const operations = {
  getSnapshot: { args: z.object({}).strict(), result: SnapshotSchema },
  setMode: { args: z.object({ mode: ComputeModeSchema }).strict(), result: SnapshotSchema },
} as const;

export const events = {
  snapshot: SnapshotSchema,
} as const;

export type OperationName = keyof typeof operations;
export type EventName = keyof typeof events;
export type OperationArgs<N extends OperationName> = z.input<(typeof operations)[N]['args']>;
export type OperationResult<N extends OperationName> = z.output<(typeof operations)[N]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const operationNames = Object.keys(operations) as OperationName[];
export const eventNames = Object.keys(events) as EventName[];

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && Object.hasOwn(operations, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** What crosses the boundary for every call: Electron only carries error.message, so errors are data. */
export const ContractErrorSchema = z.object({
  code: z.enum(['unknown_operation', 'invalid_arguments', 'forbidden_sender', 'internal', 'invalid_result', 'unavailable']),
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

/** Channel names used by the Electron transport (one invoke channel, one event channel). */
export const ipcChannels = { invoke: 'edgecoder:invoke', event: 'edgecoder:event' } as const;
