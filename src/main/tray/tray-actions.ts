import type { OperationArgs, OperationName } from '../../shared/contract.js';
import type { ComputeMode } from '../../shared/modes.js';
import type { SnoozePreset } from '../../shared/snooze-args.js';
import { dispatch, type ContractHandlers } from '../ipc/dispatcher.js';

/**
 * What a tray menu item does: a closed union. Adding a kind here breaks the build in
 * `trayActionEffect` (and so in the shell) until it says what the new kind does.
 */
export type TrayAction =
  | { kind: 'set-mode'; mode: ComputeMode }
  | { kind: 'snooze'; preset: SnoozePreset }
  | { kind: 'resume' }
  | { kind: 'finish-then-stop' }
  | { kind: 'open-dashboard' }
  | { kind: 'quit' };

/** One contract call, typed by its operation (the dashboard makes the same calls). */
export type ContractCall = { [N in OperationName]: { op: N; args: OperationArgs<N> } }[OperationName];

/** What the shell does for an action: a contract call through the core's handlers, or a window/app step. */
export type TrayEffect = { kind: 'contract'; call: ContractCall } | { kind: 'open-dashboard' } | { kind: 'quit' };

/** Compile-time exhaustiveness: a kind left out of a switch makes `value` not `never`. */
export function assertNever(value: never, what: string): never {
  throw new TypeError(`Unknown ${what}: ${JSON.stringify(value)}`);
}

/** Maps each tray action to what the dashboard would call for it. */
export function trayActionEffect(action: TrayAction): TrayEffect {
  switch (action.kind) {
    case 'set-mode':
      return { kind: 'contract', call: { op: 'setMode', args: { mode: action.mode } } };
    case 'snooze':
      return { kind: 'contract', call: { op: 'snooze', args: { preset: action.preset } } };
    case 'resume':
      return { kind: 'contract', call: { op: 'resumeWork', args: {} } };
    case 'finish-then-stop':
      return { kind: 'contract', call: { op: 'finishThenStop', args: {} } };
    case 'open-dashboard':
      return { kind: 'open-dashboard' };
    case 'quit':
      return { kind: 'quit' };
    default:
      return assertNever(action, 'tray action');
  }
}

/** Where the tray's actions land: the core's contract handlers (the dashboard's own) and the shell's window and app. */
export interface TrayActionTargets {
  handlers: ContractHandlers;
  openDashboard: () => void;
  quit: () => void;
  /** A contract call was refused or failed; the message is the contract's own, fit to show. */
  failed: (message: string) => void;
}

/**
 * Runs one tray action. Contract calls go through `dispatch`, the path the IPC and WebSocket bridges
 * take (arguments checked against the contract, errors as data), so the tray has no second code path.
 */
export async function runTrayAction(action: TrayAction, targets: TrayActionTargets): Promise<void> {
  const effect = trayActionEffect(action);
  switch (effect.kind) {
    case 'contract': {
      const result = await dispatch(targets.handlers, effect.call.op, effect.call.args);
      if (!result.ok) targets.failed(result.error.message);
      return;
    }
    case 'open-dashboard':
      targets.openDashboard();
      return;
    case 'quit':
      targets.quit();
      return;
    default:
      assertNever(effect, 'tray effect');
  }
}
