/**
 * The sandboxed preload: exposes one function per contract operation and `on(event, fn) → unsubscribe`
 * as `window.edgecoder`. Never ipcRenderer itself. Bundled into one CommonJS file requiring only electron.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels, isEventName, operationNameList as operationNames, type EventName } from '../shared/channels.js';
import type { Envelope } from '../shared/contract.js';

type Listener = (payload: unknown) => void;

const api: Record<string, unknown> = {};
for (const op of operationNames) {
  api[op] = (args: unknown) => ipcRenderer.invoke(ipcChannels.invoke, op, args ?? {}) as Promise<Envelope<unknown>>;
}
api.on = (event: EventName, listener: Listener): (() => void) => {
  if (!isEventName(event) || typeof listener !== 'function') throw new TypeError('on(event, listener): unknown event');
  const wrapped = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(ipcChannels.event, wrapped);
  return () => ipcRenderer.removeListener(ipcChannels.event, wrapped);
};

contextBridge.exposeInMainWorld('edgecoder', api);
