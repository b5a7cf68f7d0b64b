import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { ModeService } from '../../src/main/modes/mode-service.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { tempDir } from '../support/temp-dir.js';

describe('settings (conf in an explicit directory) and the mode service', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  const open = () => openConfSettings(dir, memoryLogger(), () => 1234);

  it('persists the mode across a restart', async () => {
    const clock = new ManualClock();
    const first = new ModeService({ settings: open(), clock, logger: memoryLogger() });
    await first.start();
    const changes: string[] = [];
    first.onChange((s) => changes.push(`${s.mode}/${s.cause}`));
    first.set('bluetooth-local', 'user');
    await first.stop();
    expect(changes).toEqual(['bluetooth-local/user']);
    expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ mode: 'bluetooth-local' });

    const second = new ModeService({ settings: open(), clock, logger: memoryLogger() });
    expect(second.current).toMatchObject({ mode: 'bluetooth-local', cause: 'startup' });
  });

  it('setting the same mode again changes nothing and notifies no one', () => {
    const mode = new ModeService({ settings: open(), clock: new ManualClock(), logger: memoryLogger() });
    const changes: string[] = [];
    mode.onChange((s) => changes.push(s.mode));
    mode.set('off', 'user');
    expect(changes).toEqual([]);
  });

  it('keeps a corrupt settings file aside and starts from defaults', () => {
    writeFileSync(path.join(dir, 'settings.json'), '{"mode": "on", oops');
    const settings = open();
    expect(settings.read().mode).toBe('off');
    expect(settings.problems[0]).toMatch(/could not be read.*kept as .*settings\.json\.corrupt-1234/);
    const aside = readdirSync(dir).find((f) => f.startsWith('settings.json.corrupt-'));
    expect(aside && readFileSync(path.join(dir, aside), 'utf8')).toBe('{"mode": "on", oops');
  });

  it('replaces only the invalid fields with defaults and says which', () => {
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ mode: 'turbo', coordinatorUrl: 'http://10.0.0.5:4301', activeModel: 'tiny.gguf' }));
    const settings = open();
    expect(settings.read()).toMatchObject({ mode: 'off', coordinatorUrl: 'http://10.0.0.5:4301', activeModel: 'tiny.gguf' });
    expect(settings.problems).toEqual([expect.stringContaining('"mode" was invalid')]);
  });
});
