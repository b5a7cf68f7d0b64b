import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { Snapshot } from '../../shared/snapshot.js';
import { assertNever, runTrayAction, type TrayAction, type TrayActionTargets } from '../tray/tray-actions.js';
import { buildTrayModel, type TrayIcon, type TrayItem } from '../tray/tray-model.js';

/**
 * Renders the tray model (src/main/tray) with Electron's Tray and Menu; rebuilt on every snapshot.
 * Every click runs a TrayAction through runTrayAction: the core's contract handlers, as the dashboard.
 */
export function createTrayController(opts: {
  resourcesDir: string;
  now: () => number;
  targets: TrayActionTargets;
}): { update(snapshot: Snapshot): void; destroy(): void } {
  // macOS menu bars want monochrome template images (Electron picks the @2x files itself).
  const suffix = process.platform === 'darwin' ? 'Template' : '';
  const image = (name: TrayIcon) => nativeImage.createFromPath(path.join(opts.resourcesDir, 'tray', `${name}${suffix}.png`));
  const tray = new Tray(image('tray-off'));
  const run = (action: TrayAction) => (): void => void runTrayAction(action, opts.targets);
  tray.on('click', run({ kind: 'open-dashboard' }));
  let lastIcon: TrayIcon | null = null;

  const toMenuItem = (item: TrayItem): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'status':
        return { label: item.label, enabled: false };
      case 'mode':
        return { label: item.label, type: 'radio', checked: item.checked, click: run(item.action) };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: run(item.action) };
      case 'submenu':
        return { label: item.label, submenu: item.items.map(toMenuItem) };
      default:
        return assertNever(item, 'tray item');
    }
  };

  return {
    update(snapshot) {
      const model = buildTrayModel(snapshot, opts.now());
      if (model.icon !== lastIcon) {
        tray.setImage(image(model.icon));
        lastIcon = model.icon;
      }
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(model.items.map(toMenuItem)));
    },
    destroy: () => tray.destroy(),
  };
}
