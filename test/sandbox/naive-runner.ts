/**
 * A deliberately naive runner, the way the reference implementation runs task code: Python as a bare
 * `python3 -c` child with the user's environment, files and network; JavaScript in node:vm. Test
 * support only: it shows that the escape checks catch a real escape (escape-naive.test.ts).
 */
import { execFile } from 'node:child_process';
import { runInNewContext } from 'node:vm';
import type { SandboxPort, SandboxRunResult } from '../../src/main/sandbox/sandbox-port.js';

export const naiveRunner: SandboxPort = {
  async run(request) {
    const started = Date.now();
    if (request.language === 'python') {
      return new Promise<SandboxRunResult>((resolve) => {
        execFile('python3', ['-c', request.code], { timeout: 4000, env: process.env }, (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ ok: exitCode === 0, exitCode, stdout, stderr, reason: null, reasonText: null, cpuSeconds: 0, durationMs: Date.now() - started });
        });
      });
    }
    let stdout = '';
    let stderr = '';
    const print = (...args: unknown[]): void => {
      stdout += `${args.map(String).join(' ')}\n`;
    };
    try {
      runInNewContext(request.code, { print, console: { log: print, error: print } }, { timeout: 4000 });
      await new Promise((resolve) => setTimeout(resolve, 300)); // let the task's promises settle
      return { ok: true, exitCode: 0, stdout, stderr, reason: null, reasonText: null, cpuSeconds: 0, durationMs: Date.now() - started };
    } catch (e) {
      stderr += String(e);
      return { ok: false, exitCode: 1, stdout, stderr, reason: null, reasonText: null, cpuSeconds: 0, durationMs: Date.now() - started };
    }
  },
};
