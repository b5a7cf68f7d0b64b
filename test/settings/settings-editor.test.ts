import type { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { createSettingsHandlers } from '../../src/main/app/settings-handlers.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { dispatch, type ContractHandlers } from '../../src/main/ipc/dispatcher.js';
import { hasNetworkLink } from '../../src/main/network/link-check.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { describeSavedSettings, editSettings } from '../../src/main/settings/settings-editor.js';
import { settingsDelta } from '../../src/main/settings/live-settings.js';
import { defaultSettings } from '../../src/shared/settings.js';
import { tempDir } from '../support/temp-dir.js';

function store() {
  const { dir, cleanup } = tempDir('edgecoder-settings-edit-');
  return { dir, cleanup, settings: openConfSettings(dir, memoryLogger()) };
}

describe('updateSettings: one sentence per refused field, nothing saved', () => {
  it.each([
    [{ coordinatorUrl: 'ftp://files.example.com' }, 'coordinatorUrl', 'must be an http(s) URL'],
    [{ coordinatorUrl: 'not a url' }, 'coordinatorUrl', 'must be an http(s) URL'],
    [{ meshToken: 'has spaces in it' }, 'meshToken', 'without spaces'],
    [{ power: { minBatteryPct: 140 } }, 'power.minBatteryPct', 'from 0 to 100'],
    [{ power: { runOnlyWhileCharging: 'yes' } }, 'power.runOnlyWhileCharging', 'on or off'],
    [{ worker: { maxConcurrentTasks: 0 } }, 'worker.maxConcurrentTasks', 'whole number from 1 to 16'],
    [{ worker: { maxConcurrentTasks: 2.5 } }, 'worker.maxConcurrentTasks', 'whole number from 1 to 16'],
    [{ localApi: { port: 80 } }, 'localApi.port', 'from 1024 to 65535'],
    [{ localApi: { port: null } }, 'localApi.port', 'from 1024 to 65535'],
    [{ mode: 'on' }, 'mode', 'is not a setting that can be changed here'],
    [{ power: { chargeLimit: 3 } }, 'power.chargeLimit', 'is not a setting that can be changed here'],
  ])('%j → %s', (changes, field, message) => {
    const { settings, cleanup } = store();
    const before = settings.read();
    const result = editSettings(settings, changes);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors)).toEqual([field]);
    expect(result.fieldErrors[field]).toContain(message);
    expect(settings.read()).toEqual(before);
    cleanup();
  });

  it('names every bad field of one change, and saves none of the good ones with them', () => {
    const { settings, cleanup } = store();
    const result = editSettings(settings, { coordinatorUrl: 'mailto:me@example.com', worker: { maxConcurrentTasks: 99 }, serveNearbyWhileOn: false });
    expect(result).toMatchObject({ ok: false, fieldErrors: { coordinatorUrl: expect.stringContaining('http(s)'), 'worker.maxConcurrentTasks': expect.stringContaining('1 to 16') } });
    expect(settings.read().serveNearbyWhileOn).toBe(true);
    cleanup();
  });

  it('merges nested groups, reports the changed fields and persists them', () => {
    const { dir, settings, cleanup } = store();
    settings.update({ power: { runOnlyWhileCharging: true, minBatteryPct: 20 } });
    const result = editSettings(settings, { power: { minBatteryPct: 35 }, coordinatorUrl: ' https://coord.example.com/ ', startAtLogin: true });
    expect(result).toMatchObject({ ok: true, changed: ['coordinatorUrl', 'power.minBatteryPct', 'startAtLogin'] });
    expect(settings.read().power).toEqual({ runOnlyWhileCharging: true, minBatteryPct: 35 });
    expect(openConfSettings(dir, memoryLogger()).read()).toMatchObject({ coordinatorUrl: 'https://coord.example.com/', startAtLogin: true });
    cleanup();
  });

  it('the Activity line names what changed and never the mesh token', () => {
    const after = { ...defaultSettings, meshToken: 'secret-token-123', worker: { maxConcurrentTasks: 3 } };
    const line = describeSavedSettings(['meshToken', 'worker.maxConcurrentTasks'], after);
    expect(line).toBe('Settings saved: mesh token set by hand, up to 3 contributed task(s) at once.');
    expect(line).not.toContain('secret');
  });

  it('settingsDelta tells which part of the app a change concerns', () => {
    const next = { ...defaultSettings, power: { ...defaultSettings.power, minBatteryPct: 50 }, localApi: { port: 5000 } };
    expect(settingsDelta(defaultSettings, next)).toEqual({ coordinatorUrl: false, meshToken: false, gate: true, localApiPort: true, startAtLogin: false, taskLimit: false, inferenceGpu: false });
    const more = { ...defaultSettings, worker: { ...defaultSettings.worker, maxConcurrentTasks: defaultSettings.worker.maxConcurrentTasks + 1 } };
    expect(settingsDelta(defaultSettings, more)).toMatchObject({ gate: true, taskLimit: true });
    const noCode = { ...defaultSettings, sandbox: { ...defaultSettings.sandbox, enabled: false } };
    expect(settingsDelta(defaultSettings, noCode)).toMatchObject({ gate: true, taskLimit: false }); // the gate holds or frees swarm work at once
  });
});

describe('the settings operations through the dispatcher', () => {
  const handlersOf = (settings: ReturnType<typeof store>['settings'], dir: string, notes: string[]): ContractHandlers =>
    createSettingsHandlers({ settings, dataDir: dir, agentId: 'agent-1', shell: null, note: (_l, m) => notes.push(m) }) as ContractHandlers;

  it('a refusal is an answer with field errors; a save is noted in Activity; headless cannot open the data folder', async () => {
    const { dir, settings, cleanup } = store();
    const notes: string[] = [];
    const handlers = handlersOf(settings, dir, notes);
    const bad = await dispatch(handlers, 'updateSettings', { changes: { coordinatorUrl: 'ftp://x' } });
    expect(bad).toMatchObject({ ok: true, value: { ok: false, fieldErrors: { coordinatorUrl: expect.stringContaining('http(s)') } } });
    expect(notes).toEqual([]);
    const good = await dispatch(handlers, 'updateSettings', { changes: { coordinatorUrl: 'http://127.0.0.1:4400' } });
    expect(good).toMatchObject({ ok: true, value: { ok: true, settings: { coordinatorUrl: 'http://127.0.0.1:4400' } } });
    expect(notes).toEqual(['Settings saved: coordinator http://127.0.0.1:4400 (registering there at the next heartbeat).']);
    expect(await dispatch(handlers, 'updateSettings', { changes: [] })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    expect(await dispatch(handlers, 'getSettings', {})).toMatchObject({
      ok: true, value: { dataFolder: dir, canOpenDataFolder: false, startAtLoginApplies: false, agentId: 'agent-1', settings: { startAtLogin: false, localApi: { port: 4311 } } },
    });
    expect(await dispatch(handlers, 'openDataFolder', {})).toEqual({
      ok: false, error: { code: 'unavailable', message: `openDataFolder: The data folder is ${dir}; open it yourself on this machine (the headless host cannot open windows).` },
    });
    cleanup();
  });

  it('the desktop shell opens the core data folder, and its failure is the reason', async () => {
    const { dir, settings, cleanup } = store();
    const opened: string[] = [];
    let fail = false;
    const shell = {
      openFolder: async (folder: string) => {
        if (fail) throw new Error('no file manager');
        opened.push(folder);
      },
      setStartAtLogin: () => undefined,
    };
    const handlers = createSettingsHandlers({ settings, dataDir: dir, agentId: null, shell, note: () => undefined }) as ContractHandlers;
    expect(await dispatch(handlers, 'openDataFolder', {})).toEqual({ ok: true, value: { path: dir } });
    expect(await dispatch(handlers, 'openDataFolder', { path: '/etc' })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
    fail = true;
    expect(await dispatch(handlers, 'openDataFolder', {})).toMatchObject({ ok: false, error: { code: 'internal', message: 'openDataFolder failed: no file manager' } });
    expect(opened).toEqual([dir]);
    cleanup();
  });
});

describe('the OS link check follows the coordinator address', () => {
  it('reads the address at every check', () => {
    let url = 'http://127.0.0.1:4301';
    const noInterfaces = () => ({ lo: [{ internal: true }] }) as unknown as ReturnType<typeof networkInterfaces>;
    const hasLink = hasNetworkLink(() => url, noInterfaces);
    expect(hasLink()).toBe(true);
    url = 'https://coordinator.example.com';
    expect(hasLink()).toBe(false);
  });
});
