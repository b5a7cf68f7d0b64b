import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractExtension, dispatch, type ContractHandlers } from '../../src/main/ipc/dispatcher.js';
import { registerContractHandlers, trustedFrameMatcher, type IpcInvokeEventLike, type IpcMainLike } from '../../src/main/ipc/electron-ipc.js';
import { ipcChannels, operationNames, operations } from '../../src/shared/contract.js';
import type { Snapshot } from '../../src/shared/snapshot.js';
import type { ComputeMode } from '../../src/shared/modes.js';
import { emptySnapshot } from '../support/snapshot-fixture.js';

function snapshotWith(mode: ComputeMode): Snapshot {
  return emptySnapshot({ mode, modeChange: { at: 1, cause: 'user' } });
}

function handlers(calls: unknown[] = []): ContractHandlers {
  return {
    getSnapshot: async () => snapshotWith('off'),
    setMode: async (args) => {
      calls.push(args);
      return snapshotWith(args.mode);
    },
    getCreditsReport: async () => null,
    exportCreditsCsv: async () => ({ filename: 'x.csv', csv: '' }),
    getModels: unused, addModel: unused, selectModel: unused, deleteModel: unused, downloadModel: unused, cancelDownload: unused, clearDownloads: unused,
    getCatalogue: unused, installCatalogueModel: unused,
    snooze: unused, resumeWork: unused, finishThenStop: unused,
    getLocalApi: unused, regenerateLocalApiKey: unused,
    getSettings: unused, updateSettings: unused, openDataFolder: unused, sendPrompt: unused, cancelPrompt: unused, revokeDashboardLinks: unused,
  };
}

async function unused(): Promise<never> {
  throw new Error('not used in this test');
}

describe('dispatch (the contract checked at run time)', () => {
  it('runs a valid call and returns the parsed result', async () => {
    const calls: unknown[] = [];
    const res = await dispatch(handlers(calls), 'setMode', { mode: 'bluetooth-local' });
    expect(res).toMatchObject({ ok: true, value: { mode: 'bluetooth-local' } });
    expect(calls).toEqual([{ mode: 'bluetooth-local' }]);
  });

  it.each([
    ['an unknown mode', { mode: 'turbo' }],
    ['a missing mode', {}],
    ['an extra field', { mode: 'on', path: '/etc/passwd' }],
    ['a non-object', 'on'],
    ['null', null],
  ])('rejects %s without calling the handler', async (_label, args) => {
    const calls: unknown[] = [];
    const res = await dispatch(handlers(calls), 'setMode', args);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.code).toBe('invalid_arguments');
    expect(calls).toEqual([]);
  });

  it.each(['deleteEverything', '__proto__', 'constructor', 42, undefined])('rejects unknown operation %s', async (op) => {
    const res = await dispatch(handlers(), op, {});
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  });

  it('turns a throwing handler into an internal error envelope', async () => {
    const h = handlers();
    h.getSnapshot = async () => {
      throw new Error('disk on fire');
    };
    expect(await dispatch(h, 'getSnapshot', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'getSnapshot failed: disk on fire' },
    });
  });

  it('knows no simulator operation: the shipped contract has none, so a call answers `unknown_operation`', async () => {
    expect(operationNames.filter((op) => op.startsWith('sim'))).toEqual([]);
    expect(Object.keys(operations).filter((op) => op.startsWith('sim'))).toEqual([]);
    const res = await dispatch(handlers(), 'simSetNetwork', { up: false });
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown_operation', message: 'Unknown operation "simSetNetwork"' } });
  });

  it('serves an installed extension\'s operations with the same checks, and only where it is passed', async () => {
    const seen: unknown[] = [];
    const echo = contractExtension(
      { echoTwice: { args: z.object({ n: z.number().int() }).strict(), result: z.object({ twice: z.number().int() }) } },
      {
        echoTwice: async ({ n }) => {
          seen.push(n);
          return { twice: n === 7 ? 1.5 : n * 2 };
        },
      },
    );
    expect(await dispatch(handlers(), 'echoTwice', { n: 2 }, undefined, [echo])).toEqual({ ok: true, value: { twice: 4 } });
    expect(await dispatch(handlers(), 'echoTwice', { n: 'two' }, undefined, [echo])).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(await dispatch(handlers(), 'echoTwice', { n: 7 }, undefined, [echo])).toMatchObject({ ok: false, error: { code: 'invalid_result' } });
    expect(await dispatch(handlers(), 'echoTwice', { n: 2 })).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    for (const inherited of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
      expect(await dispatch(handlers(), inherited, {}, undefined, [echo])).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    }
    expect(seen).toEqual([2, 7]);
  });

  it('refuses to pass on a result that breaks the contract', async () => {
    const h = handlers();
    h.getSnapshot = async () => ({ mode: 'sideways' }) as unknown as Snapshot;
    expect(await dispatch(h, 'getSnapshot', {})).toMatchObject({ ok: false, error: { code: 'invalid_result' } });
  });
});

/** Electron's ipcMain cannot run here (no Electron binary); this stands in for it behind IpcMainLike. */
class IpcMainStandIn implements IpcMainLike {
  readonly listeners = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void {
    if (this.listeners.has(channel)) throw new Error(`second handler for ${channel}`);
    this.listeners.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.listeners.delete(channel);
  }
  invoke(url: string | null, ...args: unknown[]): Promise<unknown> {
    const fn = this.listeners.get(ipcChannels.invoke);
    if (!fn) throw new Error('no handler');
    return fn({ senderFrame: url === null ? null : { url } }, ...args);
  }
}

describe('registerContractHandlers (the checked Electron wrapper)', () => {
  const own = 'file:///Applications/EdgeCoder%20Runner.app/Contents/Resources/app.asar/dist/renderer/index.html';
  const trusted = trustedFrameMatcher({ rendererFileUrl: own });

  it('answers the app window and registers exactly one channel', async () => {
    const ipc = new IpcMainStandIn();
    registerContractHandlers(ipc, handlers(), trusted);
    expect([...ipc.listeners.keys()]).toEqual([ipcChannels.invoke]);
    expect(await ipc.invoke(`${own}#/`, 'setMode', { mode: 'on' })).toMatchObject({ ok: true, value: { mode: 'on' } });
  });

  it.each([
    ['another file', 'file:///tmp/evil.html'],
    ['a web page', 'https://example.com/'],
    ['a lookalike path', `${own}.evil.html`],
    ['no frame', null],
  ])('rejects a foreign sender (%s) before touching the handler', async (_label, url) => {
    const calls: unknown[] = [];
    const ipc = new IpcMainStandIn();
    registerContractHandlers(ipc, handlers(calls), trusted);
    expect(await ipc.invoke(url, 'setMode', { mode: 'on' })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(calls).toEqual([]);
  });

  it('rejects unknown operations and bad arguments from the trusted window', async () => {
    const ipc = new IpcMainStandIn();
    registerContractHandlers(ipc, handlers(), trusted);
    expect(await ipc.invoke(own, 'openExternal', { url: 'x' })).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(await ipc.invoke(own, 'setMode', { mode: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
  });

  it('trusts the dev server origin only when configured', () => {
    const dev = trustedFrameMatcher({ rendererFileUrl: own, devServerOrigin: 'http://localhost:5173' });
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(trusted('http://localhost:5173/')).toBe(false);
  });

  it('unregisters cleanly', () => {
    const ipc = new IpcMainStandIn();
    const off = registerContractHandlers(ipc, handlers(), trusted);
    off();
    expect(ipc.listeners.size).toBe(0);
  });
});
