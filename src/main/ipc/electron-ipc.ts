import { ipcChannels, type Envelope } from '../../shared/contract.js';
import type { Logger } from '../core/logger.js';
import { dispatch, fail, type ContractHandlers } from './dispatcher.js';

/** The slice of Electron's ipcMain this wrapper needs; the shell passes the real ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The slice of IpcMainInvokeEvent we use: which frame sent the call, and the window's contents (gone when closed). */
export interface IpcInvokeEventLike {
  senderFrame: { url: string } | null;
  sender?: { once(event: 'destroyed', listener: () => void): unknown; removeListener(event: 'destroyed', listener: () => void): unknown };
}

/**
 * The one checked registration of every main-side handler. A call is answered only if it comes from a
 * trusted frame (our own window's origin), names a known operation and carries arguments that parse.
 * Returns a function that removes the handler.
 */
export function registerContractHandlers(
  ipc: IpcMainLike,
  handlers: ContractHandlers,
  isTrustedFrameUrl: (url: string) => boolean,
  logger?: Logger,
): () => void {
  ipc.handle(ipcChannels.invoke, async (event, op, args): Promise<Envelope<unknown>> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedFrameUrl(url)) {
      logger?.log('warn', 'ipc.forbidden_sender', { url: url.slice(0, 200), op: String(op).slice(0, 80) });
      return fail('forbidden_sender', 'This window is not allowed to call the EdgeCoder core');
    }
    // A call still running when its window closes is told to stop (the prompt box's request).
    const gone = new AbortController();
    const onDestroyed = (): void => gone.abort(new Error('the window closed'));
    event.sender?.once('destroyed', onDestroyed);
    try {
      return await dispatch(handlers, op, args, logger, [], { signal: gone.signal });
    } finally {
      event.sender?.removeListener('destroyed', onDestroyed);
    }
  });
  return () => ipc.removeHandler(ipcChannels.invoke);
}

/**
 * Trusts only the app's own pages: the packaged renderer under file:// at one path, or the dev server
 * origin when one is configured.
 */
export function trustedFrameMatcher(opts: { rendererFileUrl: string; devServerOrigin?: string }): (url: string) => boolean {
  return (url) => {
    if (url === opts.rendererFileUrl || url.startsWith(`${opts.rendererFileUrl}#`)) return true;
    if (!opts.devServerOrigin) return false;
    try {
      return new URL(url).origin === opts.devServerOrigin;
    } catch {
      return false;
    }
  };
}
