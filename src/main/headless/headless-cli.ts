/**
 * The headless command line: parses the flags, starts the host, prints its two lines on stdout (the
 * Dashboard URL, then the local API URL and key, printed again whenever the API's port or key changes;
 * logs go to stderr) and stops every service in reverse order on SIGINT/SIGTERM. Bad input is one line
 * and exit code 2. The shipped entry (headless.ts) runs it as is; the simulator's entry (src/sim) runs
 * it with the simulator installed.
 */
import { systemClock } from '../core/clock.js';
import { stderrLogger } from '../core/logger.js';
import { parseHeadlessArgs, type HeadlessArgs } from './args.js';
import { startHeadlessHost } from './headless-host.js';
import type { HostExtensionFactory } from './host-extension.js';
import { ModelArgumentError } from './model-arg.js';

export interface HeadlessCliOptions {
  argv: readonly string[];
  rendererDir: string;
  /** The built inference host; default the source entry. */
  inferenceEntry?: string;
  /** Installed around the core (the simulator's entry passes one). */
  extension?: HostExtensionFactory;
}

/** Exits the process with 2 after one line on stderr: bad input, like a bad flag. */
export function exitWithUsageError(message: string): never {
  process.stderr.write(`edgecoder-runner: ${message}\n`);
  process.exit(2);
}

export async function runHeadlessCli(o: HeadlessCliOptions): Promise<void> {
  let args: HeadlessArgs;
  try {
    args = parseHeadlessArgs(o.argv);
  } catch (err) {
    exitWithUsageError((err as Error).message);
  }
  const logger = stderrLogger(process.env.EDGECODER_LOG === 'debug' ? 'debug' : 'warn');
  const host = await startHeadlessHost({
    dataDir: args.dataDir,
    port: args.port,
    rendererDir: o.rendererDir,
    ...(o.inferenceEntry ? { inferenceEntry: o.inferenceEntry } : {}),
    ...(o.extension ? { extension: o.extension } : {}),
    mode: args.mode,
    model: args.model,
    onModelProgress: (line) => process.stderr.write(`${line}\n`),
    ...(args.threads ? { inferenceThreads: args.threads } : {}),
    ...(args.apiPort !== null ? { apiPort: args.apiPort } : {}),
    clock: systemClock,
    logger,
  }).catch((err: unknown) => {
    // A --model file that cannot be used is bad input, like a bad flag: one line, exit 2.
    if (!(err instanceof ModelArgumentError)) throw err;
    exitWithUsageError(err.message);
  });
  // Both lines in one write: a reader never sees one without the other.
  process.stdout.write(`Dashboard: ${host.dashboardUrl}\n${host.localApiLine}\n`);
  // The port or key changed in Settings: the line above is out of date, so print the new one.
  host.onLocalApiLine((line) => process.stdout.write(`${line}\n`));
  // Every link was revoked from the dashboard: the new one.
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

/** The entry's last resort: an unexpected failure is one line and exit code 1. */
export function exitOnFailure(err: unknown): never {
  process.stderr.write(`edgecoder-runner: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
