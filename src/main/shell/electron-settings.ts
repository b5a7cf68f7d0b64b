import ElectronStore from 'electron-store';
import { app } from 'electron';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import { openSettings, type ConfLike, type SettingsStore } from '../settings/settings-store.js';

/** Settings in the shell: electron-store (conf underneath) writing settings.json in userData, the same file the headless host reads. */
export function openElectronSettings(logger: Logger): SettingsStore {
  const file = path.join(app.getPath('userData'), 'settings.json');
  return openSettings(() => new ElectronStore({ name: 'settings' }) as unknown as ConfLike, file, logger, Date.now);
}
