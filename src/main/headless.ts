/**
 * Headless entry: `npm run headless -- --port N --data-dir D [--mode M] [--model F]`. Runs the core without Electron and
 * serves the dashboard on 127.0.0.1. Prints two lines on stdout (the Dashboard URL, then the local API URL and key, printed
 * again whenever the API's port or key changes); logs go
 * to stderr. SIGINT/SIGTERM stop every service in reverse order.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from './core/clock.js';
import { stderrLogger } from './core/logger.js';
import { parseHeadlessArgs } from './headless/args.js';
import { startHeadlessHost } from './headless/headless-host.js';
import { ModelArgumentError } from './headless/model-arg.js';

async function main(): Promise<void> {
  let args;
  try {
    args = parseHeadlessArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`edgecoder-runner: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = stderrLogger(process.env.EDGECODER_LOG === 'debug' ? 'debug' : 'warn');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const host = await startHeadlessHost({
    dataDir: args.dataDir,
    port: args.port,
    rendererDir: path.resolve(here, '../renderer'),
    inferenceEntry: path.join(here, 'inference-host.js'),
    sim: args.sim,
    mode: args.mode,
    model: args.model,
    ...(args.threads ? { inferenceThreads: args.threads } : {}),
    ...(args.apiPort !== null ? { apiPort: args.apiPort } : {}),
    clock: systemClock,
    logger,
  }).catch((err: unknown) => {
    // A --model file that cannot be used is bad input, like a bad flag: one line, exit 2.
    if (!(err instanceof ModelArgumentError)) throw err;
    process.stderr.write(`edgecoder-runner: ${err.message}\n`);
    process.exit(2);
  });
  // Both lines in one write: a reader never sees one without the other.
  process.stdout.write(`Dashboard: ${host.dashboardUrl}\n${host.localApiLine}\n`);
  // The port or key changed in Settings: the line above is out of date, so print the new one.
  host.onLocalApiLine((line) => process.stdout.write(`${line}\n`));
  host.onDashboardUrl((url) => process.stdout.write(`Dashboard: ${url}\n`));

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log('info', 'headless.stopping', { signal });
    host.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`edgecoder-runner: stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`edgecoder-runner: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
