import {
  isOperationName,
  operations,
  type ContractError,
  type Envelope,
  type OperationArgs,
  type OperationName,
  type OperationResult,
  type OperationSpec,
} from '../../shared/contract.js';
import type { z } from 'zod';
import type { Logger } from '../core/logger.js';

/** What the transport knows about one call: `signal` aborts when the caller is gone (page closed, socket dropped). */
export interface CallContext {
  signal?: AbortSignal;
}

/** The core's implementation of every contract operation. */
export type ContractHandlers = {
  [N in OperationName]: (args: OperationArgs<N> & object, ctx?: CallContext) => Promise<OperationResult<N>>;
};

/**
 * Operations a host adds to the core's contract, with a handler for each: the simulator's (src/sim)
 * where it is installed. The dispatcher knows an extension's operations only when it is passed one.
 */
export interface ContractExtension {
  readonly operations: Readonly<Record<string, OperationSpec>>;
  readonly handlers: Readonly<Record<string, (args: never) => Promise<unknown>>>;
}

/** Builds an extension whose handlers are typed by its schemas (arguments parsed, result checked by dispatch). */
export function contractExtension<S extends Record<string, OperationSpec>>(
  operations: S,
  handlers: { [N in keyof S]: (args: z.output<S[N]['args']>) => Promise<z.input<S[N]['result']>> },
): ContractExtension {
  return { operations, handlers };
}

/** A handler throws this when its operation cannot run in this host (e.g. a simulated network the host does not have). */
export class OperationUnavailableError extends Error {
  override readonly name = 'OperationUnavailableError';
}

/** A handler throws this when the operation ran but was refused in words meant for the user (e.g. no device could answer). */
export class OperationRefusedError extends Error {
  override readonly name = 'OperationRefusedError';
}

/**
 * Runs one contract call from an untrusted transport: the operation must be known (the core's, or one of
 * the installed extensions'), the arguments must parse, and the result must match its own schema.
 * Never throws; errors become `{ok: false}` data.
 */
export async function dispatch(
  handlers: ContractHandlers,
  op: unknown,
  rawArgs: unknown,
  logger?: Logger,
  extensions: readonly ContractExtension[] = [],
  ctx: CallContext = {},
): Promise<Envelope<unknown>> {
  const found = findOperation(handlers, op, extensions);
  if (!found) {
    return fail('unknown_operation', `Unknown operation ${JSON.stringify(String(op)).slice(0, 80)}`);
  }
  const { spec, handler } = found;
  const parsed = spec.args.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`).join('; ');
    return fail('invalid_arguments', `${op}: ${detail}`);
  }
  let value: unknown;
  try {
    value = await (handler as (args: unknown, ctx: CallContext) => Promise<unknown>)(parsed.data, ctx);
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

type Found = { spec: OperationSpec; handler: (args: unknown) => Promise<unknown> };

/** The core's operation of that name, else an installed extension's; own properties only (never `__proto__`). */
function findOperation(handlers: ContractHandlers, op: unknown, extensions: readonly ContractExtension[]): Found | null {
  if (isOperationName(op)) return { spec: operations[op], handler: handlers[op] as (args: unknown) => Promise<unknown> };
  if (typeof op !== 'string') return null;
  for (const ext of extensions) {
    const spec = Object.hasOwn(ext.operations, op) ? ext.operations[op] : undefined;
    const handler = Object.hasOwn(ext.handlers, op) ? ext.handlers[op] : undefined;
    if (spec && handler) return { spec, handler: handler as (args: unknown) => Promise<unknown> };
  }
  return null;
}

export function fail(code: ContractError['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}
