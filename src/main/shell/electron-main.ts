/**
 * Electron entry: a thin shell over the core. Single instance, settings via electron-store, the checked
 * IPC wrapper, one secure window, the tray. Quitting stops the services in reverse order.
 */
import { app, BrowserWindow, ipcMain, net, Notification, utilityProcess } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ipcChannels } from '../../shared/contract.js';
import { createCore } from '../app/composition-root.js';
import { systemClock } from '../core/clock.js';
import { stderrLogger } from '../core/logger.js';
import { utilityProcessTransport } from '../inference/utility-process-transport.js';
import { registerContractHandlers, trustedFrameMatcher } from '../ipc/electron-ipc.js';
import { SystemPowerSource } from '../power/system-power-source.js';
import { electronDesktopShell } from './desktop-shell.js';
import { openElectronSettings } from './electron-settings.js';
import { watchPowerMonitor } from './power-monitor-events.js';
import { identitySealer } from './identity-sealer.js';
import { TrayRefresh } from '../tray/tray-refresh.js';
import { createTrayController } from './tray-controller.js';
import { createDashboardWindow, rendererEntry } from './window-factory.js';

const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// resources/ ships inside app.asar (electron-builder files); app.getAppPath() is the project dir in development.
const resourcesDir = path.join(app.getAppPath(), 'resources');
const logger = stderrLogger('info');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  const showDashboard = (): void => {
    if (!window || window.isDestroyed()) window = createDashboardWindow(distDir);
    else window.show();
    window.focus();
  };
  app.on('second-instance', showDashboard);
  app.on('window-all-closed', () => {
    // A tray app keeps running with no window.
  });

  void app.whenReady().then(async () => {
    const power = new SystemPowerSource({ clock: systemClock, logger: logger.child('power') });
    const unwatchPower = watchPowerMonitor(power);
    const core = createCore({
      dataDir: app.getPath('userData'),
      settings: openElectronSettings(logger),
      clock: systemClock,
      logger,
      version: app.getVersion(),
      // llama.cpp runs in a utility process: a bad model file can abort it, never the app.
      inferenceTransport: utilityProcessTransport((entry, args, options) => utilityProcess.fork(entry, args, options), {
        entry: path.join(distDir, 'main', 'inference-host.js'),
      }),
      sealer: identitySealer(app.getPath('userData')),
      notify: (title, body) => new Notification({ title, body }).show(),
      power,
      // The OS's own network signal, read every second by the link watcher.
      network: { hasLink: () => net.isOnline() },
      // The Settings panel's "Open" for the data folder and "Start at login".
      shell: electronDesktopShell(),
    });
    await core.start();
    await core.localApi.start(); // the local API for IDEs; a busy port is reported, never fatal
    const unregister = registerContractHandlers(
      ipcMain,
      core.handlers,
      trustedFrameMatcher({ rendererFileUrl: rendererEntry(distDir).url }),
      logger.child('ipc'),
    );
    const tray = createTrayController({
      resourcesDir,
      now: () => systemClock.now(),
      targets: {
        handlers: core.handlers,
        openDashboard: showDashboard,
        quit: () => app.quit(),
        failed: (message) => new Notification({ title: 'EdgeCoder Runner', body: message }).show(),
      },
    });
    tray.update(core.snapshot.current());
    const trayRefresh = new TrayRefresh();
    core.bus.subscribe((event) => {
      if (trayRefresh.shouldRebuild(event.name, core.snapshot.slice('peers').length)) tray.update(core.snapshot.current());
      for (const win of BrowserWindow.getAllWindows()) win.webContents.send(ipcChannels.event, event.name, event.payload);
    });
    showDashboard();

    let stopped = false;
    app.on('before-quit', (event) => {
      if (stopped) return;
      event.preventDefault();
      stopped = true;
      unregister();
      unwatchPower();
      tray.destroy();
      void core.localApi.stop().finally(() => core.stop().finally(() => app.quit()));
    });
  });
}
