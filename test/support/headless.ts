import path from 'node:path';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { startHeadlessHost, type HeadlessHost } from '../../src/main/headless/headless-host.js';

/** A real headless host on 127.0.0.1 (any free port) over a data dir, with logs kept in memory. */
export function startTestHost(dataDir: string, token?: string): Promise<HeadlessHost> {
  return startHeadlessHost({
    dataDir,
    port: 0,
    apiPort: 0,
    rendererDir: path.resolve('dist/renderer'),
    clock: systemClock,
    logger: memoryLogger(),
    ...(token ? { token } : {}),
  });
}
