/**
 * What only a desktop shell can do for the core: show a folder in the file manager and register the
 * app as a login item. The Electron shell implements it (src/main/shell/desktop-shell.ts); the headless
 * host has none, and the operations that need it say so.
 */
export interface DesktopShellPort {
  /** Shows this folder in the file manager (Finder, Explorer); rejects with the reason it could not. */
  openFolder(folder: string): Promise<void>;
  /** Starts the app when the user logs in (true) or stops doing so (false). */
  setStartAtLogin(enabled: boolean): void;
}
