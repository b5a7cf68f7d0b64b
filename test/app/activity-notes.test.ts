import { describe, expect, it } from 'vitest';
import { downloadLine, ledgerUnavailableLine, modelChosenLine, writeActivityLine } from '../../src/main/app/activity-notes.js';
import type { ActivityLine } from '../../src/main/app/mesh-task-notes.js';
import type { DownloadState } from '../../src/main/models/model-types.js';

describe('model and download lines', () => {
  it.each([
    [{ fileName: 'tiny.gguf' }, 'Model tiny.gguf chosen.'],
    [null, 'No model chosen: the worker pauses.'],
  ])('model chosen %#', (entry, text) => {
    expect(modelChosenLine(entry)).toEqual({ level: 'info', text, topic: 'models' });
  });

  it.each<[DownloadState, string | null, string | null, ActivityLine | null]>([
    ['done', 'tiny.gguf', null, { level: 'info', text: 'Downloaded tiny.gguf.', topic: 'models' }],
    ['done', null, null, { level: 'info', text: 'Downloaded hf://org/repo/tiny.gguf.', topic: 'models' }],
    ['failed', 'tiny.gguf', 'HTTP 404', { level: 'warn', text: 'Download of tiny.gguf failed: HTTP 404', topic: 'models' }],
    ['failed', null, null, { level: 'warn', text: 'Download of hf://org/repo/tiny.gguf failed: unknown error', topic: 'models' }],
    ['downloading', 'tiny.gguf', null, null],
    ['verifying', 'tiny.gguf', null, null],
    ['cancelled', 'tiny.gguf', null, null],
    ['interrupted', 'tiny.gguf', null, null],
  ])('download %s (file %s, error %s)', (state, fileName, error, line) => {
    expect(downloadLine({ state, fileName, error, uri: 'hf://org/repo/tiny.gguf' })).toEqual(line);
  });
});

describe('the ledger and writeActivityLine', () => {
  it.each([
    [new Error('database is locked'), 'Credits and Bluetooth are unavailable: database is locked'],
    ['key unreadable', 'Credits and Bluetooth are unavailable: key unreadable'],
  ])('ledger unavailable: %s', (err, text) => {
    expect(ledgerUnavailableLine(err)).toEqual({ level: 'error', text, topic: 'problems' });
  });

  it('writeActivityLine writes a line and skips null', () => {
    const lines: string[] = [];
    writeActivityLine((_l, t, topic) => lines.push(`${topic}: ${t}`), null);
    writeActivityLine((_l, t, topic) => lines.push(`${topic}: ${t}`), { level: 'info', text: 'x', topic: 'models' });
    expect(lines).toEqual(['models: x']);
  });
});
