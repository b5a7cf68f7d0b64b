/**
 * Decides whether the Electron desktop app can run on this machine, WITHOUT loading the `electron`
 * package: `require('electron')` would try to download the binary on first use, which hangs or fails
 * on machines that cannot reach its host. Pure: every input (environment, platform, filesystem
 * probes) is passed in, so tests drive it with real temp folders.
 *
 * Rules, in order:
 * 1. ELECTRON_OVERRIDE_DIST_PATH (the variable the electron package itself honours) names a folder
 *    holding the binary; when it is set it is the only place looked at.
 * 2. Otherwise node_modules/electron/path.txt (written by electron's installer after a successful
 *    download) names the binary inside node_modules/electron/dist/.
 * 3. On Linux a display is required: DISPLAY (X11) or WAYLAND_DISPLAY.
 */
import path from 'node:path';

/** Where the binary sits inside an Electron dist folder, per platform. */
export function electronBinaryName(platform) {
  switch (platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

function displayProblem(env, platform) {
  if (platform !== 'linux') return null;
  const x11 = (env.DISPLAY ?? '').trim();
  const wayland = (env.WAYLAND_DISPLAY ?? '').trim();
  if (x11 !== '' || wayland !== '') return null;
  return {
    ok: false,
    code: 'no-display',
    reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set), so no window or tray can be shown',
  };
}

function missingBinary(shown, why) {
  return {
    ok: false,
    code: 'binary-missing',
    reason: `the Electron binary is not installed (${shown} missing) — ${why}`,
  };
}

const DOWNLOAD_WHY = 'it is downloaded on first use and this machine cannot reach its host';

/**
 * @param {{
 *   env: Record<string, string | undefined>,
 *   platform: string,
 *   projectDir: string,
 *   exists: (file: string) => boolean,
 *   readFile: (file: string) => string,
 * }} input
 * @returns {{ ok: true, binary: string } | { ok: false, code: 'binary-missing' | 'no-display', reason: string }}
 */
export function detectElectron({ env, platform, projectDir, exists, readFile }) {
  const name = electronBinaryName(platform);
  const override = (env.ELECTRON_OVERRIDE_DIST_PATH ?? '').trim();
  let binary;
  if (override !== '') {
    binary = path.resolve(projectDir, override, name);
    if (!exists(binary)) {
      return missingBinary(binary, 'ELECTRON_OVERRIDE_DIST_PATH points at a folder without it');
    }
  } else {
    const electronDir = path.join(projectDir, 'node_modules', 'electron');
    const pathTxt = path.join(electronDir, 'path.txt');
    let relative = name;
    if (exists(pathTxt)) {
      try {
        const text = readFile(pathTxt).trim();
        if (text !== '') relative = text;
      } catch {
        // unreadable path.txt: fall back to the platform's default name
      }
    }
    binary = path.join(electronDir, 'dist', relative);
    const shown = path.posix.join('node_modules/electron/dist', relative.replace(/\\/g, '/'));
    if (!exists(pathTxt) || !exists(binary)) return missingBinary(shown, DOWNLOAD_WHY);
  }
  return displayProblem(env, platform) ?? { ok: true, binary };
}
