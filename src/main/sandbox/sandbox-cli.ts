/**
 * `npm run sandbox -- --language python|javascript FILE`: runs a file in the same sandbox, with the same
 * default limits, as the worker runs a task's code, and prints the result as one JSON object. Exit code
 * 0 when the run ended ok, 1 when it did not, 2 for bad arguments or an unreadable file (one line on
 * stderr).
 */
import { readFile } from 'node:fs/promises';
import { parseSandboxArgs } from './sandbox-cli-args.js';
import { WasmSandbox } from './wasm-sandbox.js';

async function main(): Promise<number> {
  const args = parseSandboxArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`sandbox: ${args.error}\n`);
    return 2;
  }
  let code: string;
  try {
    code = await readFile(args.file, 'utf8');
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String(e.code) : String(e);
    process.stderr.write(`sandbox: cannot read ${args.file} (${why})\n`);
    return 2;
  }
  const sandbox = new WasmSandbox();
  try {
    const r = await sandbox.run({ language: args.language, code }, {});
    const out = {
      ok: r.ok, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, reason: r.reason, reasonText: r.reasonText,
      ...(r.missingModule ? { missingModule: r.missingModule } : {}),
      cpuSeconds: Number(r.cpuSeconds.toFixed(3)), durationMs: r.durationMs,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return r.ok ? 0 : 1;
  } finally {
    sandbox.stop();
  }
}

process.exitCode = await main();
