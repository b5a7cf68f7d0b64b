/**
 * HostTransport over Node's child_process.fork with an IPC channel: used headless and in tests.
 */
import { fork } from 'node:child_process';
import { defaultHostEntry } from './host-entry.js';
import { TailBuffer } from './host-channel.js';
import type { HostChannel, HostExit, HostTransport } from './host-channel.js';

export interface ChildProcessTransportOptions {
  /** Host entry module; defaults to the built or source host-main next to this file. */
  entry?: string;
  /** Node flags for the host; defaults to `--import tsx` when the entry is TypeScript. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Copy the host's stderr to ours as well as keeping its tail (default false). */
  echoStderr?: boolean;
}

export function childProcessTransport(opts: ChildProcessTransportOptions = {}): HostTransport {
  return () => {
    const entry = opts.entry ?? defaultHostEntry().path;
    const execArgv = opts.execArgv ?? (entry.endsWith('.ts') ? ['--import', 'tsx'] : []);
    const child = fork(entry, [], { execArgv, env: opts.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    const tail = new TailBuffer();
    child.stderr?.on('data', (chunk: Buffer) => {
      tail.push(chunk);
      if (opts.echoStderr) process.stderr.write(chunk);
    });
    const exitListeners: Array<(exit: HostExit) => void> = [];
    let exited = false;
    const emitExit = (code: number | null, signal: string | null): void => {
      if (exited) return;
      exited = true;
      for (const fn of exitListeners) fn({ code, signal, stderrTail: tail.value });
    };
    // 'close' waits for stderr to drain, so the assertion text is in the tail.
    child.on('close', (code, signal) => emitExit(code, signal));
    child.on('error', (err) => {
      tail.push(`\n${err.message}`);
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) emitExit(null, null);
    });
    const channel: HostChannel = {
      get pid() {
        return child.pid;
      },
      send: (msg) => {
        if (!exited && child.connected) child.send(msg);
      },
      onMessage: (fn) => child.on('message', fn),
      onExit: (fn) => exitListeners.push(fn),
      kill: () => {
        if (!exited) child.kill('SIGKILL');
      },
    };
    return channel;
  };
}
