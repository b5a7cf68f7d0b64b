import { afterAll } from 'vitest';
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from '../../src/main/sandbox/sandbox-port.js';
import { WasmSandbox, type WasmSandboxOptions } from '../../src/main/sandbox/wasm-sandbox.js';

/** A real sandbox for a test file (stopped after the file), with short limits unless told otherwise. */
export function testSandbox(limits: Partial<SandboxLimits> = {}, opts: Omit<WasmSandboxOptions, 'limits'> = {}): WasmSandbox {
  const sandbox = new WasmSandbox({ ...opts, limits: () => ({ ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 3000, ...limits }) });
  afterAll(() => sandbox.stop());
  return sandbox;
}
