import { describe, expect, it } from 'vitest';
import { activityNotifier, downloadLine, ledgerSyncLine, ledgerUnavailableLine, modelChosenLine, noticeLine, say } from '../../src/main/app/activity-notes.js';
import type { ActivityLine } from '../../src/main/app/mesh-task-notes.js';
import type { DownloadState } from '../../src/main/models/model-types.js';

describe('ledgerSyncLine', () => {
  it.each<[string, { error: string | null; applied: number; skipped: number }, ActivityLine | null]>([
    ['failed: a warning that says it retries', { error: 'coordinator unreachable', applied: 0, skipped: 0 }, { level: 'warn', text: 'Ledger sync failed (will retry): coordinator unreachable' }],
    ['an error wins over counts', { error: 'HTTP 500', applied: 2, skipped: 0 }, { level: 'warn', text: 'Ledger sync failed (will retry): HTTP 500' }],
    ['applied and skipped', { error: null, applied: 3, skipped: 1 }, { level: 'info', text: 'Ledger synced: 3 applied, 1 skipped.' }],
    ['only skipped (already known) still says so', { error: null, applied: 0, skipped: 2 }, { level: 'info', text: 'Ledger synced: 0 applied, 2 skipped.' }],
    ['nothing settled: nothing said', { error: null, applied: 0, skipped: 0 }, null],
  ])('%s', (_what, result, line) => {
    expect(ledgerSyncLine(result)).toEqual(line);
  });
});

describe('model and download lines', () => {
  it.each([
    [{ fileName: 'tiny.gguf' }, 'Model tiny.gguf chosen.'],
    [null, 'No model chosen: the worker pauses.'],
  ])('model chosen %#', (entry, text) => {
    expect(modelChosenLine(entry)).toEqual({ level: 'info', text });
  });

  it.each<[DownloadState, string | null, string | null, ActivityLine | null]>([
    ['done', 'tiny.gguf', null, { level: 'info', text: 'Downloaded tiny.gguf.' }],
    ['done', null, null, { level: 'info', text: 'Downloaded hf://org/repo/tiny.gguf.' }],
    ['failed', 'tiny.gguf', 'HTTP 404', { level: 'warn', text: 'Download of tiny.gguf failed: HTTP 404' }],
    ['failed', null, null, { level: 'warn', text: 'Download of hf://org/repo/tiny.gguf failed: unknown error' }],
    ['downloading', 'tiny.gguf', null, null],
    ['verifying', 'tiny.gguf', null, null],
    ['cancelled', 'tiny.gguf', null, null],
    ['interrupted', 'tiny.gguf', null, null],
  ])('download %s (file %s, error %s)', (state, fileName, error, line) => {
    expect(downloadLine({ state, fileName, error, uri: 'hf://org/repo/tiny.gguf' })).toEqual(line);
  });
});

describe('notices and the ledger', () => {
  it('every notice becomes "Title. Body" in Activity and still reaches the desktop', () => {
    const lines: string[] = [];
    const desktop: Array<[string, string]> = [];
    const notify = activityNotifier((level, text) => lines.push(`${level} ${text}`), (t, b) => desktop.push([t, b]));
    notify('Coordinator unreachable', 'Switched to Bluetooth Local.');
    expect(lines).toEqual(['info Coordinator unreachable. Switched to Bluetooth Local.']);
    expect(desktop).toEqual([['Coordinator unreachable', 'Switched to Bluetooth Local.']]);
    expect(noticeLine('A', 'B')).toEqual({ level: 'info', text: 'A. B' });
  });

  it('without desktop notifications (headless) Activity still gets the notice', () => {
    const lines: string[] = [];
    activityNotifier((_l, text) => lines.push(text))('Back online', 'Syncing credits.');
    expect(lines).toEqual(['Back online. Syncing credits.']);
  });

  it.each([
    [new Error('database is locked'), 'Credits and Bluetooth are unavailable: database is locked'],
    ['key unreadable', 'Credits and Bluetooth are unavailable: key unreadable'],
  ])('ledger unavailable: %s', (err, text) => {
    expect(ledgerUnavailableLine(err)).toEqual({ level: 'error', text });
  });

  it('say writes a line and skips null', () => {
    const lines: string[] = [];
    say((_l, t) => lines.push(t), null);
    say((_l, t) => lines.push(t), { level: 'info', text: 'x' });
    expect(lines).toEqual(['x']);
  });
});
