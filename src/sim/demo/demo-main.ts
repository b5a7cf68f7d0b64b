/**
 * `npm run demo`: everything at once, nothing else running first. The reference coordinator (in this
 * process), a simulated neighbourhood on the simulated Bluetooth air (3 mesh phones, 1 Bluetooth Local
 * iPhone, 1 mesh laptop, all answering with real llama.cpp on the generated coder model) and the
 * headless host in On mode with that model active. The coordinator holds a few Python and JavaScript
 * coding tasks, which the runner writes with that model, runs in its sandbox and reports. State lives in .cache/demo (--reset starts over).
 * Prints the Dashboard line and the Local API line; Ctrl-C or SIGTERM stops it all in reverse order.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../main/core/clock.js';
import { stderrLogger } from '../../main/core/logger.js';
import { startSimHost } from '../host/sim-host.js';
import { ensureTestModel } from '../../main/inference/gguf/test-models.js';
import { parseDemoArgs, type DemoArgs } from './demo-args.js';
import { queueDemoCodingTasks } from './demo-coding-tasks.js';
import { startDemoCoordinator } from './demo-coordinator.js';
import { startDemoDeviceEngine } from './demo-device-engine.js';

const NEIGHBOURHOOD = { phones: 3, iphones: 1, laptops: 1, taskEverySec: 0 };

async function main(): Promise<void> {
  let args: DemoArgs;
  try {
    args = parseDemoArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`edgecoder-demo: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = stderrLogger(process.env.EDGECODER_LOG === 'debug' ? 'debug' : 'warn');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  // The built inference host starts faster than the TypeScript one; `npm run demo` builds first.
  const builtHost = path.join(root, 'dist/main/inference-host.js');
  const hostEntry = existsSync(builtHost) ? builtHost : undefined;
  if (args.reset) rmSync(args.dataDir, { recursive: true, force: true });

  const stops: Array<() => Promise<void>> = [];
  const stopAll = async (): Promise<void> => {
    while (stops.length) await stops.pop()?.().catch((err: unknown) => logger.log('error', 'demo.stop_failed', { message: String(err) }));
  };
  // A signal during start-up waits for the part already starting, then stops everything: no orphans.
  let starting: Promise<void> = Promise.resolve();
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log('info', 'demo.stopping', { signal });
    void starting.then(stopAll).then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  starting = start(args).catch(async (err: unknown) => {
    process.stderr.write(`edgecoder-demo: ${err instanceof Error ? err.message : String(err)}\n`);
    await stopAll();
    process.exit(1);
  });

  async function start(args: DemoArgs): Promise<void> {
    // The coder model writes the code of the demo's coding tasks and answers anything else with the alphabet.
    const model = await ensureTestModel('coder', path.join(root, '.cache', 'models'));
    const coordinator = await startDemoCoordinator(args.dataDir);
    stops.push(() => coordinator.close());
    queueDemoCodingTasks(coordinator.db);
    const devices = await startDemoDeviceEngine({ modelPath: model.path, logger, ...(hostEntry ? { hostEntry } : {}) });
    stops.push(() => devices.stop());
    const host = await startSimHost({
      dataDir: path.join(args.dataDir, 'runner'),
      port: args.port,
      rendererDir: path.join(root, 'dist/renderer'),
      ...(hostEntry ? { inferenceEntry: hostEntry } : {}),
      inferenceThreads: 1,
      sim: NEIGHBOURHOOD,
      simHandlers: devices.handlers,
      coordinatorUrl: coordinator.url,
      mode: 'on',
      model: model.path,
      ...(args.apiPort !== null ? { apiPort: args.apiPort } : {}),
      clock: systemClock,
      logger,
    });
    stops.push(() => host.stop());
    // Both lines in one write, as `npm run headless` prints them: a reader never sees one without the other.
    process.stdout.write(`Dashboard: ${host.dashboardUrl}\n${host.localApiLine}\n`);
    host.onLocalApiLine((line) => process.stdout.write(`${line}\n`));
    host.onDashboardUrl((url) => process.stdout.write(`Dashboard: ${url}\n`));
    process.stderr.write(
      `edgecoder-demo: coordinator ${coordinator.url} (operator token ${coordinator.operatorToken}: GET /admin/tasks/<id> with x-operator-token); around this computer: 3 phones, 1 iPhone (Bluetooth Local), 1 laptop; ` +
        `data in ${args.dataDir} (--reset starts over). Ctrl-C stops everything.\n`,
    );
  }
}

void main();
