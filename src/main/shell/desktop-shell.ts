import { app, shell } from 'electron';
import type { DesktopShellPort } from '../app/desktop-shell-port.js';

/**
 * The desktop shell port over Electron: the file manager (shell.openPath, which answers an error
 * string, '' on success) and the OS login item. Thin on purpose: nothing here can run outside Electron.
 */
export function electronDesktopShell(): DesktopShellPort {
  return {
    async openFolder(folder) {
      const error = await shell.openPath(folder);
      if (error) throw new Error(`The data folder ${folder} could not be opened: ${error}`);
    },
    setStartAtLogin(enabled) {
      if (app.getLoginItemSettings().openAtLogin !== enabled) app.setLoginItemSettings({ openAtLogin: enabled });
    },
  };
}
