// Hardening of the sandbox child process, run before an interpreter is loaded. Plain JavaScript: the
// child runs under Node's permission model with read access to the interpreter packages and this folder
// only, so it cannot load TypeScript through a loader. Each step is one layer of several; see
// docs in README "Running code for others: the sandbox".
import { constants as fsConstants } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import dgram from 'node:dgram';
import dns from 'node:dns';
import childProcess from 'node:child_process';
import http from 'node:http';
import https from 'node:https';

/** What the child keeps for itself before the globals are scrubbed. */
export function captureHost() {
  const stdout = process.stdout;
  const stdin = process.stdin;
  const cpuUsage = process.cpuUsage.bind(process);
  const rss = process.memoryUsage.rss.bind(process.memoryUsage);
  const exit = process.exit.bind(process);
  return {
    writeLine: (obj) => stdout.write(`${JSON.stringify(obj)}\n`),
    stdin,
    cpuSeconds: () => {
      const u = cpuUsage();
      return (u.user + u.system) / 1e6;
    },
    rssBytes: () => rss(),
    exit: (code) => exit(code),
    argv: process.argv.slice(2),
  };
}

const denied = (what) => () => {
  throw new Error(`${what} is not available in the sandbox`);
};

/** No network from this process, whatever reaches the JavaScript side: sockets, TLS, UDP, DNS, HTTP. */
export function denyNetwork() {
  const deny = denied('the network');
  net.Socket.prototype.connect = deny;
  net.connect = deny;
  net.createConnection = deny;
  net.Server.prototype.listen = deny;
  tls.connect = deny;
  dgram.createSocket = deny;
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[name] = deny;
  for (const mod of [http, https]) {
    mod.request = deny;
    mod.get = deny;
  }
}

/** No child processes, even where the permission model is missing (the Python runtime's system() calls spawnSync). */
export function denyProcesses() {
  const deny = denied('starting a process');
  for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) childProcess[name] = deny;
}

/**
 * Pyodide's Node file-system glue asks process.binding('constants') at start-up, which the permission
 * model refuses; answer only that, with the public fs constants.
 */
export function shimProcessBinding() {
  process.binding = (name) => {
    if (name === 'constants') return { fs: fsConstants };
    throw new Error(`process.binding(${String(name)}) is not available in the sandbox`);
  };
}

/**
 * A cap on every WebAssembly memory of this process: growing past `limitBytes()` is refused, so the
 * interpreter's allocator fails (Python raises MemoryError, QuickJS "out of memory") instead of the
 * process growing without end. `onRefused` records that the limit was hit.
 */
export function capWasmMemory(limitBytes, onRefused) {
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function capped(pages) {
    if (this.buffer.byteLength + pages * 65536 > limitBytes()) {
      onRefused();
      throw new RangeError('the sandbox memory limit was reached');
    }
    return grow.call(this, pages);
  };
}

/** Host globals removed once the interpreter is loaded: nothing the FFI could reach leads to the host. */
const HOST_GLOBALS = [
  'process', 'fetch', 'Request', 'Response', 'Headers', 'FormData', 'WebSocket', 'EventSource', 'XMLHttpRequest',
  'require', 'module', 'exports', '__filename', '__dirname', 'global', 'Buffer', 'navigator', 'BroadcastChannel',
  'MessageChannel', 'MessagePort', 'Worker', 'SharedWorker', 'importScripts',
];

export function scrubGlobals() {
  for (const name of HOST_GLOBALS) {
    try {
      delete globalThis[name];
    } catch {
      // a non-configurable global stays; it is overwritten below when writable
    }
    if (name in globalThis) {
      try {
        globalThis[name] = undefined;
      } catch {
        // neither deletable nor writable: nothing more to do
      }
    }
  }
}

/**
 * The shared prototypes are frozen once the interpreter is loaded: a JavaScript object reached from the
 * task (through a cut-off FFI route) cannot pollute them to change how this process answers.
 */
export function freezePrototypes() {
  for (const ctor of [Object, Array, Function, String, Number, Boolean, Symbol, Error, Promise, Map, Set, RegExp, JSON, Reflect]) {
    Object.freeze(ctor);
    if (ctor.prototype) Object.freeze(ctor.prototype);
  }
}
