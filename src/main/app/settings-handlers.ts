import type { ActivityEntry } from '../../shared/snapshot.js';
import type { ContractHandlers } from '../ipc/dispatcher.js';
import { OperationUnavailableError } from '../ipc/dispatcher.js';
import { describeSavedSettings, editSettings, editableSettings, type SettingsField } from '../settings/settings-editor.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { DesktopShellPort } from './desktop-shell-port.js';

export type SettingsOps = 'getSettings' | 'updateSettings' | 'openDataFolder';

/**
 * The Settings panel's operations. A refused change is an answer with one sentence per field (nothing
 * saved); a saved one is noted in Activity and applied live by the settings store's listeners. The
 * data folder opened is always the core's own, never a path from the dashboard.
 */
export function createSettingsHandlers(deps: {
  settings: SettingsStore;
  dataDir: string;
  agentId: string | null;
  shell: DesktopShellPort | null;
  note: (level: ActivityEntry['level'], message: string) => void;
}): Pick<ContractHandlers, SettingsOps> {
  const { settings, dataDir, shell } = deps;
  return {
    getSettings: async () => ({
      settings: editableSettings(settings.read()),
      dataFolder: dataDir,
      canOpenDataFolder: shell !== null,
      startAtLoginApplies: shell !== null,
      agentId: deps.agentId,
    }),
    updateSettings: async ({ changes }) => {
      const result = editSettings(settings, changes);
      if (result.ok && result.changed.length > 0) deps.note('info', describeSavedSettings(result.changed as SettingsField[], settings.read()));
      return result;
    },
    openDataFolder: async () => {
      if (!shell) throw new OperationUnavailableError(`The data folder is ${dataDir}; open it yourself on this machine (the headless host cannot open windows).`);
      await shell.openFolder(dataDir);
      return { path: dataDir };
    },
  };
}
