/**
 * The host process's side of the channel: Electron's `process.parentPort` when started as a
 * utilityProcess, Node's `process.send` when forked with IPC.
 */
export interface HostPort {
  send(msg: unknown): void;
  onMessage(fn: (msg: unknown) => void): void;
  onDisconnect(fn: () => void): void;
}

interface ParentPortLike {
  postMessage(msg: unknown): void;
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
}

export function processHostPort(): HostPort {
  const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      send: (msg) => parentPort.postMessage(msg),
      onMessage: (fn) => parentPort.on('message', (e) => fn(e.data)),
      onDisconnect: () => undefined, // a utility process is killed with its parent
    };
  }
  if (typeof process.send !== 'function') throw new Error('inference host started without an IPC channel');
  return {
    send: (msg) => {
      if (process.connected) process.send?.(msg);
    },
    onMessage: (fn) => process.on('message', fn),
    onDisconnect: (fn) => process.on('disconnect', fn),
  };
}
