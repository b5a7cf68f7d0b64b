import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { tempDir } from '../support/temp-dir.js';
import type { EscapeContext } from './escape-checks.js';

/**
 * What the escape checks need on the host, made fresh for a test file: a secret in this process's
 * environment, a file with a marker, a folder the task must not write into, and a TCP server on
 * 127.0.0.1 that counts every connection made to it.
 */
export function escapeContext(): EscapeContext {
  const secretVar = 'EDGECODER_SANDBOX_TEST_SECRET';
  const secret = `s3cret-${randomBytes(8).toString('hex')}`;
  const marker = `marker-${randomBytes(8).toString('hex')}`;
  let dir = '';
  let cleanup = (): void => {};
  let server: Server | null = null;
  let count = 0;
  const ctx: EscapeContext = {
    secret, secretVar, marker, homeDir: homedir(), port: 0,
    hostFile: '', forbidden: (name) => join(dir, `created-by-task-${name}`), connections: () => count,
  };
  beforeAll(async () => {
    process.env[secretVar] = secret;
    ({ dir, cleanup } = tempDir('sandbox-escape-'));
    ctx.hostFile = join(dir, 'host-file.txt');
    writeFileSync(ctx.hostFile, marker);
    server = createServer((socket) => {
      count++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    ctx.port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    delete process.env[secretVar];
    cleanup();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return ctx;
}
