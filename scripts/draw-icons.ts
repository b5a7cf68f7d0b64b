/**
 * Draws the app icon and the tray icons from simple vector shapes (`npm run icons`):
 *   resources/icon.png (1024x1024; electron-builder derives the mac .icns from it), resources/icon.ico
 *   (PNG entries 16-256 px), and per tray state (off, on, bluetooth, paused: the worker is held by a
 *   pause, a snooze or "finish then stop") resources/tray/tray-<state>.png (16 px) + @2x (32 px)
 *   in colour, plus macOS template images tray-<mode>Template.png / @2x (black + alpha only; macOS
 *   tints them for light and dark menu bars).
 * The glyph is a chip (this computer's model) joined to nearby mesh nodes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Rgba, Shape } from './png-raster.js';
import {
  Canvas, circle, encodeIco, encodePng, hex, line, path, roundRect, stroke, subtract, union, verticalGradient,
} from './png-raster.js';

export const TRAY_MODES = ['off', 'on', 'bluetooth', 'paused'] as const;
export type TrayMode = (typeof TRAY_MODES)[number];

/** Short pins along each side of a square chip of half-width `hw` centred at (0.5, 0.5). */
function pins(hw: number, length: number, width: number, offsets: readonly number[]): Shape {
  const shapes: Shape[] = [];
  for (const o of offsets) {
    const a = 0.5 + o;
    shapes.push(line(a, 0.5 - hw, a, 0.5 - hw - length, width), line(a, 0.5 + hw, a, 0.5 + hw + length, width));
    shapes.push(line(0.5 - hw, a, 0.5 - hw - length, a, width), line(0.5 + hw, a, 0.5 + hw + length, a, width));
  }
  return union(...shapes);
}

export function drawAppIcon(size: number): Canvas {
  const canvas = new Canvas(size);
  // Body on the macOS icon grid: 824/1024 wide, continuous-looking corners.
  canvas.fill(roundRect(0.5, 0.51, 0.39, 0.39, 0.18), hex('#000000', 0.35), size * 0.03); // soft drop shadow
  canvas.fill(roundRect(0.5, 0.5, 0.402, 0.402, 0.18), verticalGradient(hex('#13294B'), hex('#0B6E6B')));

  const near = 0.22, far = 0.78;
  const nodes: Array<[number, number]> = [[near, near], [far, near], [far, far], [near, far]];
  const faint = hex('#7DD3FC', 0.45);
  canvas.fill(path([...nodes, nodes[0]!], 0.014), faint); // the mesh ring
  const chipHw = 0.165;
  const spokes = nodes.map(([x, y]) => line(x, y, 0.5 + Math.sign(x - 0.5) * chipHw * 0.8, 0.5 + Math.sign(y - 0.5) * chipHw * 0.8, 0.022));
  canvas.fill(union(...spokes), hex('#FBBF24', 0.9));
  canvas.fill(union(...nodes.map(([x, y]) => circle(x, y, 0.046))), hex('#FBBF24'));
  canvas.fill(union(...nodes.map(([x, y]) => circle(x, y, 0.02))), hex('#FFF7E0'));

  const chipWhite = hex('#F1F5F9');
  canvas.fill(pins(chipHw, 0.055, 0.03, [-0.09, 0, 0.09]), chipWhite);
  canvas.fill(roundRect(0.5, 0.5, chipHw, chipHw, 0.035), chipWhite);
  canvas.fill(roundRect(0.5, 0.5, 0.095, 0.095, 0.022), verticalGradient(hex('#0EA5A4'), hex('#1D4ED8')));
  canvas.fill(circle(0.5, 0.5, 0.03), chipWhite);
  return canvas;
}

const TRAY_HW = 0.29;
const trayPins = (): Shape => pins(TRAY_HW, 0.17, 0.1, [-0.13, 0.13]);
const trayBody = (): Shape => roundRect(0.5, 0.5, TRAY_HW, TRAY_HW, 0.07);
const bluetoothRune = (width: number): Shape =>
  path([[0.4, 0.4], [0.6, 0.6], [0.5, 0.7], [0.5, 0.3], [0.6, 0.4], [0.4, 0.6]], width);
/** Two upright bars, the pause sign, inside the chip. */
const pauseBars = (): Shape => union(roundRect(0.415, 0.5, 0.045, 0.13, 0.012), roundRect(0.585, 0.5, 0.045, 0.13, 0.012));
const glyph: Record<Exclude<TrayMode, 'off'>, (runeWidth: number) => Shape> = {
  on: () => circle(0.5, 0.5, 0.11),
  bluetooth: bluetoothRune,
  paused: pauseBars,
};

/** Colour tray icon (Windows/Linux): grey outline = Off, green = On (swarm), blue + rune = Bluetooth Local, amber + bars = paused. */
export function drawTrayIcon(mode: TrayMode, size: number): Canvas {
  const canvas = new Canvas(size);
  const colour: Record<TrayMode, Rgba> = { off: hex('#8B919A'), on: hex('#22C55E'), bluetooth: hex('#3B82F6'), paused: hex('#F59E0B') };
  canvas.fill(trayPins(), colour[mode]);
  if (mode === 'off') {
    canvas.fill(stroke(roundRect(0.5, 0.5, TRAY_HW - 0.05, TRAY_HW - 0.05, 0.05), 0.1), colour.off);
    return canvas;
  }
  canvas.fill(trayBody(), colour[mode]);
  canvas.fill(glyph[mode](0.075), hex('#FFFFFF'));
  return canvas;
}

/** macOS template tray icon: black with alpha only; modes differ by shape, not colour. */
export function drawTrayTemplate(mode: TrayMode, size: number): Canvas {
  const canvas = new Canvas(size);
  const black = hex('#000000');
  if (mode === 'off') {
    canvas.fill(union(trayPins(), stroke(roundRect(0.5, 0.5, TRAY_HW - 0.05, TRAY_HW - 0.05, 0.05), 0.1)), black);
  } else {
    canvas.fill(union(trayPins(), subtract(trayBody(), glyph[mode](0.085))), black);
  }
  return canvas;
}

export function drawAll(resourcesDir: string): string[] {
  const written: string[] = [];
  const save = (relative: string, data: Buffer): void => {
    const file = join(resourcesDir, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
    written.push(file);
  };
  save('icon.png', encodePng(drawAppIcon(1024)));
  save('icon.ico', encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: encodePng(drawAppIcon(size)) }))));
  for (const mode of TRAY_MODES) {
    for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
      save(`tray/tray-${mode}${suffix}.png`, encodePng(drawTrayIcon(mode, size)));
      save(`tray/tray-${mode}Template${suffix}.png`, encodePng(drawTrayTemplate(mode, size)));
    }
  }
  return written;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const projectDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const files = drawAll(join(projectDir, 'resources'));
  process.stdout.write(`draw-icons: wrote ${files.length} files under resources/\n`);
}
