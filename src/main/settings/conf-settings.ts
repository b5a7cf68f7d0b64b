import Conf from 'conf';
import path from 'node:path';
import type { Logger } from '../core/logger.js';
import { openSettings, type SettingsStore } from './settings-store.js';

/** Settings for the headless host and tests: conf with an explicit directory (never the user's config dir). */
export function openConfSettings(dataDir: string, logger: Logger, now: () => number = Date.now): SettingsStore {
  const file = path.join(dataDir, 'settings.json');
  return openSettings(
    () => new Conf<Record<string, unknown>>({ cwd: dataDir, configName: 'settings', projectName: 'edgecoder-runner' }),
    file,
    logger,
    now,
  );
}
