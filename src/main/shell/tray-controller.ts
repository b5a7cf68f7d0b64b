import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import type { ComputeMode } from '../../shared/modes.js';
import type { Snapshot } from '../../shared/snapshot.js';
import { buildTrayModel, type TrayModel } from '../tray/tray-model.js';

/** Renders the tray model (src/main/tray) with Electron's Tray and Menu; rebuilt on every snapshot. */
export function createTrayController(opts: {
  resourcesDir: string;
  onMode: (mode: ComputeMode) => void;
  onOpenDashboard: () => void;
  onQuit: () => void;
}): { update(snapshot: Snapshot): void; destroy(): void } {
  // macOS menu bars want monochrome template images (Electron picks the @2x files itself).
  const suffix = process.platform === 'darwin' ? 'Template' : '';
  const image = (name: TrayModel['icon']) => nativeImage.createFromPath(path.join(opts.resourcesDir, 'tray', `${name}${suffix}.png`));
  const tray = new Tray(image('tray-off'));
  tray.on('click', opts.onOpenDashboard);
  let lastIcon: TrayModel['icon'] | null = null;

  const toMenu = (model: TrayModel): MenuItemConstructorOptions[] =>
    model.items.map((item): MenuItemConstructorOptions => {
      switch (item.kind) {
        case 'separator':
          return { type: 'separator' };
        case 'status':
          return { label: item.label, enabled: false };
        case 'mode':
          return { label: item.label, type: 'radio', checked: item.checked, click: () => opts.onMode(item.mode) };
        case 'action':
          return { label: item.label, click: item.action === 'quit' ? opts.onQuit : opts.onOpenDashboard };
      }
    });

  return {
    update(snapshot) {
      const model = buildTrayModel(snapshot);
      if (model.icon !== lastIcon) {
        tray.setImage(image(model.icon));
        lastIcon = model.icon;
      }
      tray.setToolTip(model.tooltip);
      tray.setContextMenu(Menu.buildFromTemplate(toMenu(model)));
    },
    destroy: () => tray.destroy(),
  };
}
