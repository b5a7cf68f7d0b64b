/**
 * `npm run coordinator -- --port N --data-dir D [--tasks file.json]`: runs the reference coordinator and
 * prints exactly one line, `Coordinator: http://127.0.0.1:<port> token=<operator token>` (the token for /admin/*, sent as
 * x-operator-token). SIGINT/SIGTERM stop it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { enqueueTask } from './coordinator-db.js';
import type { TaskInput } from './coordinator-db.js';
import { startCoordinator } from './coordinator-server.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '0' }, 'data-dir': { type: 'string', default: '.cache/coordinator' }, tasks: { type: 'string' } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const coordinator = await startCoordinator({ port, dataDir: values['data-dir'] });
  if (values.tasks) {
    const tasks = JSON.parse(readFileSync(values.tasks, 'utf8')) as TaskInput[];
    for (const t of tasks) enqueueTask(coordinator.db, t);
  }
  process.stdout.write(`Coordinator: ${coordinator.url} token=${coordinator.operatorToken}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void coordinator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`coordinator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
