// The sandbox child process: started by sandbox-process.ts with an empty environment, Node's permission
// model (read access to the interpreter packages and this folder only; no writes, no child processes,
// no workers, no addons) and no code generation from strings. stdin carries run requests and stdout
// the answers, one JSON object a line. Arguments: python PYODIDE_DIR [SNAPSHOT_FILE] |
// javascript CORE_DIR VARIANT_DIR | python-snapshot PYODIDE_DIR OUT_FILE (writes the snapshot, then exits).
import { readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { capWasmMemory, captureHost, denyNetwork, denyProcesses, freezePrototypes, scrubGlobals, shimProcessBinding } from './harden.mjs';

const host = captureHost();
const [language, ...dirs] = host.argv;
const LOAD_CAP = 1024 * 1024 * 1024;
const state = { deadline: Infinity, stop: false, outputCut: false, memoryRefused: false, nextInterruptAt: 0, wasmCap: LOAD_CAP };

denyNetwork();
denyProcesses();
shimProcessBinding();
capWasmMemory(() => state.wasmCap, () => (state.memoryRefused = true));

let engine;
try {
  if (language === 'python-snapshot') {
    // Makes the start-up snapshot into the one file this child may write, then exits; runs no task.
    const { makePythonSnapshot } = await import('./python-engine.mjs');
    writeFileSync(dirs[1], await makePythonSnapshot({ pyodideDir: dirs[0] }));
    host.writeLine({ type: 'snapshot' });
    host.exit(0);
  } else if (language === 'python') {
    const { loadPythonEngine } = await import('./python-engine.mjs');
    const snapshot = dirs[1] ? readFileSync(dirs[1]) : undefined;
    engine = await loadPythonEngine({ pyodideDir: dirs[0], state, snapshot });
  } else if (language === 'javascript') {
    const { loadQuickJsEngine } = await import('./quickjs-engine.mjs');
    engine = await loadQuickJsEngine({ coreDir: dirs[0], variantDir: dirs[1], state });
  } else {
    throw new Error(`unknown language ${String(language)}`);
  }
} catch (e) {
  host.writeLine({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  host.exit(1);
}
scrubGlobals();
freezePrototypes();
await settle();
host.writeLine({ type: 'ready', cpuSeconds: host.cpuSeconds(), rssBytes: host.rssBytes() });

const lines = createInterface({ input: host.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    continue;
  }
  if (request?.type !== 'run') continue;
  host.writeLine(runOnce(request));
}
host.exit(0);

function runOnce({ id, code, stdin, limits }) {
  Object.assign(state, { stop: false, outputCut: false, memoryRefused: false, nextInterruptAt: 0 });
  // Python's wasm memory is the whole interpreter; QuickJS gets its own limit plus room for the module.
  state.wasmCap = language === 'python' ? limits.memoryMb * 1024 * 1024 : (limits.memoryMb + 64) * 1024 * 1024;
  const cpu0 = host.cpuSeconds();
  const t0 = performance.now();
  state.deadline = t0 + limits.timeoutMs;
  let r;
  try {
    r = engine.run({ code, stdin, limits });
  } catch (e) {
    r = { exitCode: null, stdout: '', stderr: '', missingModule: null, crash: e instanceof Error ? e.message : String(e) };
  }
  const durationMs = performance.now() - t0;
  const timedOut = performance.now() > state.deadline;
  state.deadline = Infinity;
  state.wasmCap = LOAD_CAP;
  return {
    type: 'result', id, ...r,
    timedOut, outputCut: state.outputCut, memoryRefused: state.memoryRefused || r.outOfMemory === true,
    cpuSeconds: host.cpuSeconds() - cpu0, durationMs, rssBytes: host.rssBytes(),
  };
}

/**
 * Right after loading, the interpreter still has work queued (about 0.2–0.9 s here) that would delay
 * the first run; ready is said only once the event loop runs timers on time again (at most 3 s).
 */
async function settle() {
  const until = performance.now() + 3000;
  let onTime = 0;
  while (onTime < 2 && performance.now() < until) {
    const t = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
    onTime = performance.now() - t < 25 ? onTime + 1 : 0;
  }
}
