import {
  ContractCallError,
  EnvelopeSchema,
  eventNames,
  events,
  operationNames,
  type EventName,
  type EventPayload,
  type RunnerApi,
} from '../../shared/contract.js';
import { simOperationNames, type SimApi } from '../../shared/sim-contract.js';

/** What the preload puts on window: operations answer with envelopes, `on` subscribes. */
export interface PreloadApi {
  [op: string]: unknown;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * The bridge the store reads: the contract, the simulator's operations (rejected with `unknown_operation`
 * where no simulator is installed), every event unparsed and a call after each (re)connect.
 */
export type RunnerBridge = RunnerApi & SimApi & {
  onAnyEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** Called once connected (at once if already), and again after every reconnect. */
  onOpen(listener: () => void): () => void;
};

/** Turns the preload's envelopes into the same RunnerApi the WebSocket bridge gives (IPC never reconnects). */
export function electronBridge(preload: PreloadApi): RunnerBridge {
  const api: Record<string, unknown> = {};
  for (const op of operationNames) {
    api[op] = async (args: unknown) => unwrap(await (preload[op] as (a: unknown) => Promise<unknown>)(args));
  }
  // The desktop app never has the simulator: its preload exposes no sim* operation.
  for (const op of simOperationNames) {
    api[op] = async () => {
      throw new ContractCallError('unknown_operation', `${op}: the simulator is not part of this app`);
    };
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) =>
    preload.on(event, (payload) => {
      const parsed = parseEvent(event, payload);
      if (parsed !== undefined) listener(parsed);
    });
  api.onAnyEvent = (listener: (name: string, payload: unknown) => void) => {
    const offs = eventNames.map((name) => preload.on(name, (payload) => listener(name, payload)));
    return () => offs.forEach((off) => off());
  };
  // IPC is connected from the start and never drops: the snapshot is loaded once.
  api.onOpen = (listener: () => void) => {
    queueMicrotask(listener);
    return () => undefined;
  };
  return api as RunnerBridge;
}

/** An event's payload checked against the contract; undefined (and a warning) when it does not parse. */
export function parseEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> | undefined {
  const parsed = events[event].safeParse(payload);
  if (parsed.success) return parsed.data as EventPayload<E>;
  console.warn(`Dropped a ${event} event that does not match the contract: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return undefined;
}

export function unwrap(raw: unknown): never | unknown {
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new ContractCallError('internal', 'The core answered with something that is not an envelope');
  if (!envelope.data.ok) throw new ContractCallError(envelope.data.error.code, envelope.data.error.message);
  return envelope.data.value;
}
