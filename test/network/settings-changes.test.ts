import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/main/core/logger.js';
import { openConfSettings } from '../../src/main/settings/conf-settings.js';
import { tempDir } from '../support/temp-dir.js';

describe('SettingsStore.onChange', () => {
  it('tells listeners the next and previous settings, only when something changed, until unsubscribed', () => {
    const { dir, cleanup } = tempDir();
    const settings = openConfSettings(dir, memoryLogger());
    expect(settings.read()).toMatchObject({ useNearbyWhileOn: true, serveNearbyWhileOn: true });
    const seen: Array<[string | null, string | null]> = [];
    const off = settings.onChange((next, previous) => seen.push([previous.meshToken, next.meshToken]));
    settings.update({ meshToken: 'tok-1' });
    settings.update({ meshToken: 'tok-1' });
    settings.onChange(() => {
      throw new Error('a broken listener');
    });
    settings.update({ meshToken: 'tok-2' });
    off();
    settings.update({ meshToken: 'tok-3' });
    expect(seen).toEqual([[null, 'tok-1'], ['tok-1', 'tok-2']]);
    expect(openConfSettings(dir, memoryLogger()).read().meshToken).toBe('tok-3');
    cleanup();
  });
});
