import { BrowserWindow, shell, type WebContents } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The one secure window factory (Electron security checklist): context isolation, sandbox, no Node in
 * the renderer, web security on, navigation and new windows denied, permissions refused. The CSP lives
 * in index.html.
 */
export function rendererEntry(distDir: string): { file: string; url: string } {
  const file = path.join(distDir, 'renderer', 'index.html');
  return { file, url: pathToFileURL(file).toString() };
}

export function createDashboardWindow(distDir: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'EdgeCoder Runner',
    webPreferences: {
      preload: path.join(distDir, 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  lockDown(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadFile(rendererEntry(distDir).file);
  return win;
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // Links never open anything: the dashboard has no external links to trust.
  void shell;
}
