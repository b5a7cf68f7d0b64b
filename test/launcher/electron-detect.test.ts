import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectElectron, electronBinaryName } from '../../scripts/electron-detect.mjs';

let projectDir: string;

const fs = { exists: existsSync, readFile: (file: string) => readFileSync(file, 'utf8') };

function put(relative: string, text = ''): string {
  const file = path.join(projectDir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

beforeEach(() => {
  projectDir = mkdtempSync(path.join(os.tmpdir(), 'ecr-detect-'));
  put('node_modules/electron/package.json', '{"name":"electron"}');
});
afterEach(() => rmSync(projectDir, { recursive: true, force: true }));

describe('detectElectron', () => {
  it('reports a missing binary when path.txt was never written (download did not happen)', () => {
    const result = detectElectron({ env: { DISPLAY: ':0' }, platform: 'linux', projectDir, ...fs });
    expect(result).toMatchObject({ ok: false, code: 'binary-missing' });
    if (result.ok) throw new Error('unreachable');
    expect(result.reason).toContain('node_modules/electron/dist/electron missing');
    expect(result.reason).toContain('cannot reach its host');
  });

  it('reports a missing binary when path.txt names a file that is not there', () => {
    put('node_modules/electron/path.txt', 'electron');
    const result = detectElectron({ env: { DISPLAY: ':0' }, platform: 'linux', projectDir, ...fs });
    expect(result).toMatchObject({ ok: false, code: 'binary-missing' });
  });

  it('finds the binary named by path.txt on linux with a display', () => {
    put('node_modules/electron/path.txt', 'electron\n');
    const binary = put('node_modules/electron/dist/electron', '#!/bin/sh\n');
    expect(detectElectron({ env: { DISPLAY: ':1' }, platform: 'linux', projectDir, ...fs })).toEqual({ ok: true, binary });
    expect(detectElectron({ env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux', projectDir, ...fs }))
      .toEqual({ ok: true, binary });
  });

  it('refuses linux without DISPLAY or WAYLAND_DISPLAY even when the binary exists', () => {
    put('node_modules/electron/path.txt', 'electron');
    put('node_modules/electron/dist/electron');
    const result = detectElectron({ env: { DISPLAY: '  ' }, platform: 'linux', projectDir, ...fs });
    expect(result).toMatchObject({ ok: false, code: 'no-display' });
  });

  it('needs no display variable on mac and windows', () => {
    put('node_modules/electron/path.txt', 'Electron.app/Contents/MacOS/Electron');
    const mac = put('node_modules/electron/dist/Electron.app/Contents/MacOS/Electron');
    expect(detectElectron({ env: {}, platform: 'darwin', projectDir, ...fs })).toEqual({ ok: true, binary: mac });
    put('node_modules/electron/path.txt', 'electron.exe');
    const win = put('node_modules/electron/dist/electron.exe');
    expect(detectElectron({ env: {}, platform: 'win32', projectDir, ...fs })).toEqual({ ok: true, binary: win });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH with the platform binary name, ignoring node_modules', () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'ecr-dist-'));
    try {
      const env = { ELECTRON_OVERRIDE_DIST_PATH: dist, DISPLAY: ':0' };
      const missing = detectElectron({ env, platform: 'linux', projectDir, ...fs });
      expect(missing).toMatchObject({ ok: false, code: 'binary-missing' });
      if (missing.ok) throw new Error('unreachable');
      expect(missing.reason).toContain('ELECTRON_OVERRIDE_DIST_PATH');

      writeFileSync(path.join(dist, 'electron'), '');
      expect(detectElectron({ env, platform: 'linux', projectDir, ...fs }))
        .toEqual({ ok: true, binary: path.join(dist, 'electron') });
      // mac looks for the app bundle, not the linux name
      expect(detectElectron({ env, platform: 'darwin', projectDir, ...fs })).toMatchObject({ ok: false, code: 'binary-missing' });
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('reports the binary before the display when both are missing', () => {
    expect(detectElectron({ env: {}, platform: 'linux', projectDir, ...fs })).toMatchObject({ code: 'binary-missing' });
  });

  it('names the binary per platform like the electron package does', () => {
    expect(electronBinaryName('linux')).toBe('electron');
    expect(electronBinaryName('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(electronBinaryName('win32')).toBe('electron.exe');
  });
});
