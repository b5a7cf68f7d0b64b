/**
 * A tiny vector rasteriser and PNG/ICO encoder with no image dependencies: shapes are signed distance
 * functions in unit coordinates (0..1 across the image), anti-aliased by their distance in pixels, and
 * composited "over" into a premultiplied RGBA float buffer. PNG uses node:zlib; ICO wraps PNG payloads.
 */
import { deflateSync } from 'node:zlib';

/** Signed distance in unit coordinates: negative inside, positive outside. */
export type Shape = (x: number, y: number) => number;
export type Rgba = readonly [number, number, number, number];
export type Paint = Rgba | ((x: number, y: number) => Rgba);

export function hex(value: string, alpha = 1): Rgba {
  const n = Number.parseInt(value.replace('#', ''), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, alpha];
}

export const roundRect = (cx: number, cy: number, hw: number, hh: number, r: number): Shape => (x, y) => {
  const qx = Math.abs(x - cx) - (hw - r);
  const qy = Math.abs(y - cy) - (hh - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};

export const circle = (cx: number, cy: number, r: number): Shape => (x, y) => Math.hypot(x - cx, y - cy) - r;

/** A line segment from (ax, ay) to (bx, by) with round caps, `width` thick. */
export const line = (ax: number, ay: number, bx: number, by: number, width: number): Shape => (x, y) => {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - dx * t, py - dy * t) - width / 2;
};

/** A polyline through the points, each segment a `line`. */
export const path = (points: ReadonlyArray<readonly [number, number]>, width: number): Shape =>
  union(...points.slice(1).map((p, i) => line(points[i]![0], points[i]![1], p[0], p[1], width)));

export const stroke = (shape: Shape, width: number): Shape => (x, y) => Math.abs(shape(x, y)) - width / 2;
export const union = (...shapes: Shape[]): Shape => (x, y) => Math.min(...shapes.map((s) => s(x, y)));
export const subtract = (a: Shape, b: Shape): Shape => (x, y) => Math.max(a(x, y), -b(x, y));

export const verticalGradient = (top: Rgba, bottom: Rgba) => (_x: number, y: number): Rgba => {
  const t = Math.max(0, Math.min(1, y));
  return [0, 1, 2, 3].map((i) => top[i]! + (bottom[i]! - top[i]!) * t) as unknown as Rgba;
};

export class Canvas {
  readonly pixels: Float32Array; // premultiplied RGBA, 0..1

  constructor(readonly size: number) {
    this.pixels = new Float32Array(size * size * 4);
  }

  /** `blur` widens the anti-aliasing ramp to that many pixels (soft shadows). */
  fill(shape: Shape, paint: Paint, blur = 1): this {
    const n = this.size;
    for (let py = 0; py < n; py++) {
      for (let px = 0; px < n; px++) {
        const x = (px + 0.5) / n, y = (py + 0.5) / n;
        const coverage = Math.max(0, Math.min(1, 0.5 - (shape(x, y) * n) / blur));
        if (coverage === 0) continue;
        const [r, g, b, a] = typeof paint === 'function' ? paint(x, y) : paint;
        const alpha = a * coverage;
        const i = (py * n + px) * 4;
        const keep = 1 - alpha;
        this.pixels[i] = r * alpha + this.pixels[i]! * keep;
        this.pixels[i + 1] = g * alpha + this.pixels[i + 1]! * keep;
        this.pixels[i + 2] = b * alpha + this.pixels[i + 2]! * keep;
        this.pixels[i + 3] = alpha + this.pixels[i + 3]! * keep;
      }
    }
    return this;
  }

  /** Straight (non-premultiplied) 8-bit RGBA. */
  rgba8(): Buffer {
    const out = Buffer.alloc(this.size * this.size * 4);
    for (let i = 0; i < out.length; i += 4) {
      const a = this.pixels[i + 3]!;
      for (let c = 0; c < 3; c++) out[i + c] = a > 0 ? Math.round(Math.min(1, this.pixels[i + c]! / a) * 255) : 0;
      out[i + 3] = Math.round(a * 255);
    }
    return out;
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** PNG, 8-bit RGBA, filter type 0 on every row. */
export function encodePng(canvas: Canvas): Buffer {
  const n = canvas.size;
  const rgba = canvas.rgba8();
  const raw = Buffer.alloc(n * (n * 4 + 1));
  for (let y = 0; y < n; y++) rgba.copy(raw, y * (n * 4 + 1) + 1, y * n * 4, (y + 1) * n * 4);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(n, 0);
  header.writeUInt32BE(n, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, filter 0, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ICO container holding PNG images (Windows Vista and later read PNG entries). */
export function encodeIco(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}
