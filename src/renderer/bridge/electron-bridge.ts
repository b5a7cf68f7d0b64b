import {
  ContractCallError,
  EnvelopeSchema,
  operationNames,
  type EventName,
  type EventPayload,
  type RunnerApi,
} from '../../shared/contract.js';

/** What the preload puts on window: operations answer with envelopes, `on` subscribes. */
export interface PreloadApi {
  [op: string]: unknown;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

/** Turns the preload's envelopes into the same RunnerApi the WebSocket bridge gives. */
export function electronBridge(preload: PreloadApi): RunnerApi {
  const api: Record<string, unknown> = {};
  for (const op of operationNames) {
    api[op] = async (args: unknown) => unwrap(await (preload[op] as (a: unknown) => Promise<unknown>)(args));
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) =>
    preload.on(event, (payload) => listener(payload as EventPayload<E>));
  return api as RunnerApi;
}

export function unwrap(raw: unknown): never | unknown {
  const envelope = EnvelopeSchema.safeParse(raw);
  if (!envelope.success) throw new ContractCallError('internal', 'The core answered with something that is not an envelope');
  if (!envelope.data.ok) throw new ContractCallError(envelope.data.error.code, envelope.data.error.message);
  return envelope.data.value;
}
