import { createServer } from 'node:net';
import path from 'node:path';
import { startCoordinator, type RunningCoordinator } from '../../coordinator/coordinator-server.js';

/** The reference coordinator's usual port; the runner's default coordinator address points at it. */
export const DEMO_COORDINATOR_PORT = 4301;

/**
 * The reference coordinator in this process, with its database in `<dataDir>/coordinator`: on 4301 when
 * that port is free (so a runner with default settings finds it too), otherwise on any free port.
 */
export async function startDemoCoordinator(dataDir: string): Promise<RunningCoordinator> {
  const port = (await isFree(DEMO_COORDINATOR_PORT)) ? DEMO_COORDINATOR_PORT : 0;
  // One verify thread is plenty for a handful of virtual devices and leaves the CPU to the rest.
  return startCoordinator({ dataDir: path.join(dataDir, 'coordinator'), port, verifyThreads: 1 });
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
