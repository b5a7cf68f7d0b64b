/**
 * HostTransport over Electron's utilityProcess, same protocol as the child_process transport.
 * Electron is never imported here: the shell passes `utilityProcess.fork` in, e.g.
 *   utilityProcessTransport((entry, args, o) => utilityProcess.fork(entry, args, o), { entry })
 */
import { TailBuffer } from './host-channel.js';
import type { HostChannel, HostExit, HostTransport } from './host-channel.js';

/** The subset of Electron's UtilityProcess the transport uses. */
export interface UtilityProcessLike {
  readonly pid?: number | undefined;
  readonly stderr?: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface UtilityForkOptions {
  serviceName: string;
  stdio: 'pipe';
  env?: NodeJS.ProcessEnv;
}

export type UtilityFork = (modulePath: string, args: string[], options: UtilityForkOptions) => UtilityProcessLike;

export function utilityProcessTransport(forkUtility: UtilityFork, opts: { entry: string; env?: NodeJS.ProcessEnv }): HostTransport {
  return () => {
    const child = forkUtility(opts.entry, [], { serviceName: 'EdgeCoder inference', stdio: 'pipe', ...(opts.env ? { env: opts.env } : {}) });
    const tail = new TailBuffer();
    child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
    const exitListeners: Array<(exit: HostExit) => void> = [];
    let exited = false;
    child.on('exit', (code) => {
      if (exited) return;
      exited = true;
      // utilityProcess reports a crash as a non-zero code only; the stderr tail says why.
      for (const fn of exitListeners) fn({ code, signal: null, stderrTail: tail.value });
    });
    const channel: HostChannel = {
      get pid() {
        return child.pid;
      },
      send: (msg) => {
        if (!exited) child.postMessage(msg);
      },
      onMessage: (fn) => child.on('message', fn),
      onExit: (fn) => exitListeners.push(fn),
      kill: () => {
        if (!exited) child.kill();
      },
    };
    return channel;
  };
}
