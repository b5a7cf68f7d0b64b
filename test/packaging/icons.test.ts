import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawAll, drawAppIcon, drawTrayTemplate, drawTrayIcon, TRAY_MODES } from '../../scripts/draw-icons.js';
import { encodeIco, encodePng } from '../../scripts/png-raster.js';
import { TRAY_ICONS } from '../../src/main/tray/tray-model.js';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Decodes the PNGs our encoder writes (RGBA 8-bit, filter 0), checking every chunk CRC. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8, width = 0, height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    const crcSeen = png.readUInt32BE(offset + 8 + length);
    expect(crcSeen).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** The PNG payloads of a .png (itself) or a .ico (each entry). */
function pngsIn(data: Buffer, file: string): Buffer[] {
  if (!file.endsWith('.ico')) return [data];
  return Array.from({ length: data.readUInt16LE(4) }, (_, i) => {
    const entry = 6 + 16 * i;
    const start = data.readUInt32LE(entry + 12);
    return data.subarray(start, start + data.readUInt32LE(entry + 8));
  });
}

const pixel = (img: { width: number; rgba: Buffer }, x: number, y: number) =>
  [...img.rgba.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4)];

describe('drawn icons', () => {
  it('encodes a valid PNG: transparent corners, opaque body, white chip in the middle', () => {
    const img = decodePng(encodePng(drawAppIcon(64)));
    expect([img.width, img.height]).toEqual([64, 64]);
    expect(pixel(img, 0, 0)[3]).toBe(0);
    expect(pixel(img, 12, 32)[3]).toBe(255);
    const [r, g, b] = pixel(img, 32, 24); // chip body above the core
    expect(Math.min(r!, g!, b!)).toBeGreaterThan(200);
  });

  it('draws macOS template tray icons in black + alpha only, and colour icons per mode', () => {
    for (const mode of TRAY_MODES) {
      const template = decodePng(encodePng(drawTrayTemplate(mode, 32)));
      for (let i = 0; i < template.rgba.length; i += 4) {
        if (template.rgba[i + 3]! > 0) expect([template.rgba[i], template.rgba[i + 1], template.rgba[i + 2]]).toEqual([0, 0, 0]);
      }
    }
    const [onR, onG] = pixel(decodePng(encodePng(drawTrayIcon('on', 32))), 10, 10);
    expect(onG!).toBeGreaterThan(onR!); // green for On
    const [, , btB] = pixel(decodePng(encodePng(drawTrayIcon('bluetooth', 32))), 10, 10);
    expect(btB!).toBeGreaterThan(200); // blue for Bluetooth Local
    const paused = decodePng(encodePng(drawTrayIcon('paused', 32)));
    const [pR, pG, pB] = pixel(paused, 10, 10);
    expect(pR!).toBeGreaterThan(200); // amber while the worker is held
    expect(pB!).toBeLessThan(100);
    expect(pixel(paused, 13, 16)).toEqual([255, 255, 255, 255]); // the left pause bar
    expect(pixel(paused, 16, 16)).toEqual([pR, pG, pB, 255]); // the gap between the bars
  });

  it('has the four files the shell loads for every icon the tray model names', () => {
    const files = new Set(readdirSync(path.join(projectDir, 'resources/tray')));
    for (const icon of TRAY_ICONS) {
      for (const suffix of ['', '@2x', 'Template', 'Template@2x']) expect(files.has(`${icon}${suffix}.png`), `${icon}${suffix}.png`).toBe(true);
    }
  });

  it('writes an ICO whose entries point at PNG payloads of the stated sizes', () => {
    const sizes = [16, 256];
    const ico = encodeIco(sizes.map((size) => ({ size, png: encodePng(drawAppIcon(size)) })));
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(2);
    sizes.forEach((size, i) => {
      const entry = 6 + 16 * i;
      expect(ico.readUInt8(entry)).toBe(size === 256 ? 0 : size);
      const png = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
      expect(decodePng(png).width).toBe(size);
    });
  });

  it('matches the committed resources (run `npm run icons` after changing the drawing)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecr-icons-'));
    try {
      const written = drawAll(dir).map((file) => path.relative(dir, file));
      expect(written).toHaveLength(2 + TRAY_MODES.length * 4);
      expect(readdirSync(path.join(projectDir, 'resources/tray')).sort()).toEqual(
        written.filter((f) => f.startsWith('tray')).map((f) => path.basename(f)).sort(),
      );
      // Compare pixels, not bytes: another zlib may deflate the same pixels differently.
      for (const file of written) {
        const fresh = pngsIn(readFileSync(path.join(dir, file)), file);
        const committed = pngsIn(readFileSync(path.join(projectDir, 'resources', file)), file);
        expect(committed.length, file).toBe(fresh.length);
        fresh.forEach((png, i) => expect(decodePng(committed[i]!).rgba.equals(decodePng(png).rgba), file).toBe(true));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
