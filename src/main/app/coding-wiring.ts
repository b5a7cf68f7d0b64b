import type { Clock } from '../core/clock.js';
import type { Service } from '../core/service.js';
import { runCodingTask } from '../coding/coding-loop.js';
import type { CodingEngine, CodingRunner } from '../coding/coding-types.js';
import type { SandboxLimits, SandboxPort } from '../sandbox/sandbox-port.js';
import { WasmSandbox } from '../sandbox/wasm-sandbox.js';
import type { SettingsStore } from '../settings/settings-store.js';

/**
 * The coding loop as this computer runs it for others: the local engine writes the code, the WebAssembly
 * sandbox runs it with the limits of the settings (read at every run, so changes apply live). The
 * sandbox starts its interpreters with the first coding task, not at launch. With sandbox.enabled off
 * there is no runner: the gate holds swarm work and the mesh provider refuses coding requests. The
 * user's own coding requests (the prompt box's "Run as a coding task") use `userRunner`: the user's
 * priority, and it runs whatever the setting says, since the user's own code is the user's choice.
 */
export function wireCoding(deps: { engine: CodingEngine; settings: SettingsStore; clock: Clock; sandbox?: SandboxPort & { stop(): void } }): {
  runner: () => CodingRunner | null;
  userRunner: CodingRunner;
  service: Service;
} {
  const limits = (): SandboxLimits => {
    const s = deps.settings.read().sandbox;
    return { timeoutMs: s.timeoutMs, memoryMb: s.memoryMb, outputBytes: s.outputKiB * 1024, codeBytes: 256 * 1024 };
  };
  let sandbox: (SandboxPort & { stop(): void }) | null = deps.sandbox ?? null;
  const ensure = (): SandboxPort => (sandbox ??= new WasmSandbox({ limits, clock: deps.clock }));
  /** The runner for the swarm worker: resolved per task, so a task pulled just before the setting went off is refused with its reason. */
  const run: CodingRunner = (task, opts) =>
    runCodingTask({ engine: deps.engine, sandbox: ensure(), clock: deps.clock, runTimeoutMs: limits().timeoutMs, priority: 'contributed' }, task, opts);
  const userRunner: CodingRunner = (task, opts) =>
    runCodingTask({ engine: deps.engine, sandbox: ensure(), clock: deps.clock, runTimeoutMs: limits().timeoutMs, priority: 'user' }, task, opts);
  return {
    runner: () => (deps.settings.read().sandbox.enabled ? run : null),
    userRunner,
    service: {
      name: 'coding-sandbox',
      start: async () => undefined,
      stop: async () => {
        sandbox?.stop();
        sandbox = null;
      },
    },
  };
}
