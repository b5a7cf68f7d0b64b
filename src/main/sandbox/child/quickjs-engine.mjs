// JavaScript in QuickJS: one module (one WebAssembly instance) kept warm in the child, and a fresh
// runtime and context for every run, so no global of a run reaches the next. The only host functions
// are print and console.log/error/warn/info; no module loader is installed, so import() fails.
import { OutputSink } from './output-sink.mjs';

const STACK_BYTES = 256 * 1024;

export async function loadQuickJsEngine({ coreDir, variantDir, state }) {
  const core = await import(`${coreDir}/dist/index.mjs`);
  const variant = (await import(`${variantDir}/dist/index.mjs`)).default;
  const mod = await core.newQuickJSWASMModuleFromVariant(variant);
  return {
    run({ code, stdin, limits }) {
      const out = new OutputSink(limits.outputBytes, () => ((state.outputCut = true), (state.stop = true)));
      const err = new OutputSink(limits.outputBytes, () => ((state.outputCut = true), (state.stop = true)));
      const rt = mod.newRuntime();
      rt.setMemoryLimit(limits.memoryMb * 1024 * 1024);
      rt.setMaxStackSize(STACK_BYTES);
      rt.setInterruptHandler(() => state.stop || performance.now() > state.deadline);
      const ctx = rt.newContext();
      try {
        installConsole(ctx, out, err, stdin ?? '');
        const result = ctx.evalCode(code, 'task.js', { type: 'global', strict: false });
        let failure = result.error ? describe(ctx, result.error) : null;
        // Promises the task started settle now (bounded by the same interrupt handler).
        if (!failure) {
          const pending = rt.executePendingJobs(-1);
          if (pending.error) {
            failure = describe(ctx, pending.error);
            pending.error.dispose();
          }
        }
        // A program ending in `main();` with an async main that failed: its rejection is the run's error.
        if (!failure && result.value) {
          const settled = ctx.getPromiseState(result.value);
          if (settled.type === 'rejected') {
            failure = describe(ctx, settled.error);
            settled.error.dispose();
          } else if (settled.type === 'fulfilled' && !settled.notAPromise) settled.value.dispose();
        }
        (result.error ?? result.value).dispose();
        if (failure) err.push(`${failure.text}\n`);
        const outOfMemory = failure !== null && /out of memory/i.test(failure.text);
        return { exitCode: failure ? 1 : 0, stdout: out.text(), stderr: err.text(), missingModule: failure?.missingModule ?? null, outOfMemory, crash: null };
      } finally {
        ctx.dispose();
        rt.dispose();
      }
    },
  };
}

function installConsole(ctx, out, err, stdin) {
  const text = (args) => args.map((h) => {
    const v = ctx.typeof(h) === 'string' ? ctx.getString(h) : ctx.dump(h);
    return typeof v === 'string' ? v : safeJson(v);
  }).join(' ');
  const writer = (sink) => (...args) => {
    sink.push(`${text(args)}\n`);
  };
  const print = ctx.newFunction('print', writer(out));
  ctx.setProp(ctx.global, 'print', print);
  const consoleObj = ctx.newObject();
  ctx.setProp(consoleObj, 'log', print);
  ctx.setProp(consoleObj, 'info', print);
  print.dispose();
  const toErr = ctx.newFunction('error', writer(err));
  ctx.setProp(consoleObj, 'error', toErr);
  ctx.setProp(consoleObj, 'warn', toErr);
  toErr.dispose();
  ctx.setProp(ctx.global, 'console', consoleObj);
  consoleObj.dispose();
  // No modules exist: require() says so by name, so the run ends with outside_subset and the module.
  const requireFn = ctx.newFunction('require', (nameHandle) => {
    const name = nameHandle && ctx.typeof(nameHandle) === 'string' ? ctx.getString(nameHandle) : String(nameHandle && ctx.dump(nameHandle));
    return { error: ctx.newError({ name: 'Error', message: `Cannot find module '${name}' (the sandbox has no modules)` }) };
  });
  ctx.setProp(ctx.global, 'require', requireFn);
  requireFn.dispose();
  const input = ctx.newString(stdin);
  ctx.setProp(ctx.global, 'stdin', input);
  input.dispose();
}

function describe(ctx, handle) {
  const e = ctx.dump(handle);
  if (e && typeof e === 'object' && typeof e.message === 'string') {
    const head = `${e.name ?? 'Error'}: ${e.message}`;
    const stack = typeof e.stack === 'string' ? e.stack.split('\n').slice(0, 20).join('\n') : '';
    const m = /(?:could not load module|Cannot find module) '([^']+)'/.exec(e.message);
    return { text: stack ? `${head}\n${stack}`.trimEnd() : head, missingModule: m ? m[1] : null };
  }
  return { text: `Uncaught ${safeJson(e)}`, missingModule: null };
}

function safeJson(v) {
  try {
    return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
