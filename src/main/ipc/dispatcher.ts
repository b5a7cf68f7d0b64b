import {
  isOperationName,
  operations,
  type ContractError,
  type Envelope,
  type OperationArgs,
  type OperationName,
  type OperationResult,
} from '../../shared/contract.js';
import type { Logger } from '../core/logger.js';

/** What the transport knows about one call: `signal` aborts when the caller is gone (page closed, socket dropped). */
export interface CallContext {
  signal?: AbortSignal;
}

/** The core's implementation of every contract operation. */
export type ContractHandlers = {
  [N in OperationName]: (args: OperationArgs<N> & object, ctx?: CallContext) => Promise<OperationResult<N>>;
};

/** A handler throws this when its operation cannot run in this host (e.g. simulator controls without a simulator). */
export class OperationUnavailableError extends Error {
  override readonly name = 'OperationUnavailableError';
}

/** A handler throws this when the operation ran but was refused in words meant for the user (e.g. no device could answer). */
export class OperationRefusedError extends Error {
  override readonly name = 'OperationRefusedError';
}

/**
 * Runs one contract call from an untrusted transport: the operation must be known, the arguments must
 * parse, and the result must match its own schema. Never throws; errors become `{ok: false}` data.
 */
export async function dispatch(
  handlers: ContractHandlers,
  op: unknown,
  rawArgs: unknown,
  logger?: Logger,
  ctx: CallContext = {},
): Promise<Envelope<unknown>> {
  if (!isOperationName(op)) {
    return fail('unknown_operation', `Unknown operation ${JSON.stringify(String(op)).slice(0, 80)}`);
  }
  const spec = operations[op];
  const parsed = spec.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ');
    return fail('invalid_arguments', `${op}: ${detail}`);
  }
  let value: unknown;
  try {
    const handler = handlers[op] as (args: unknown, ctx: CallContext) => Promise<unknown>;
    value = await handler(parsed.data, ctx);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof OperationUnavailableError) return fail('unavailable', `${op}: ${message}`);
    if (err instanceof OperationRefusedError) return fail('refused', message);
    logger?.log('error', 'ipc.handler_failed', { op, message });
    return fail('internal', `${op} failed: ${message}`);
  }
  const checked = spec.result.safeParse(value);
  if (!checked.success) {
    logger?.log('error', 'ipc.invalid_result', { op, issues: checked.error.issues.slice(0, 3) });
    return fail('invalid_result', `${op} produced a result that does not match the contract`);
  }
  return { ok: true, value: checked.data };
}

export function fail(code: ContractError['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}
