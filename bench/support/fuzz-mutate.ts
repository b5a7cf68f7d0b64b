/**
 * Seeded input mutation for the fuzz soak: byte-level changes (bit flips, interesting bytes, inserts,
 * deletes, duplicated ranges, truncation, random bytes) and JSON-aware ones (a value somewhere in the
 * document replaced by an edge case, a key removed or added). Reproducible from the seed.
 */
type Rng = () => number;

const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x30, 0x2d, 0x65, 0xc3, 0xe2, 0xf0];

function deep(n: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

const INTERESTING_VALUES: unknown[] = [
  null, true, false, 0, -0, -1, 1, 0.5, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 31), 4294967296, '', ' ', '0', '-1', 'NaN', 'Infinity',
  '\u0000', '\ud800', 'é'.repeat(300), 'x'.repeat(70_000), [], {}, [null], { __proto__: null, constructor: 1 }, { toString: 'x' },
  deep(64), Array.from({ length: 300 }, (_, i) => i),
];

const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)] as T;

export function mutateBytes(r: Rng, input: Buffer): Buffer {
  const b = Buffer.from(input);
  switch (int(r, 8)) {
    case 0: {
      if (b.length === 0) return Buffer.from([int(r, 256)]);
      for (let k = 1 + int(r, 4); k > 0; k--) {
        const i = int(r, b.length);
        b[i] = (b[i] as number) ^ (1 << int(r, 8));
      }
      return b;
    }
    case 1:
      if (b.length) b[int(r, b.length)] = pick(r, INTERESTING_BYTES);
      return b;
    case 2: {
      const at = int(r, b.length + 1);
      const extra = Buffer.from(Array.from({ length: 1 + int(r, 16) }, () => (r() < 0.5 ? pick(r, INTERESTING_BYTES) : int(r, 256))));
      return Buffer.concat([b.subarray(0, at), extra, b.subarray(at)]);
    }
    case 3: {
      const at = int(r, b.length + 1);
      return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(r, 32)))]);
    }
    case 4: {
      const at = int(r, b.length + 1);
      const part = b.subarray(at, at + 1 + int(r, 64));
      return Buffer.concat([b.subarray(0, at), part, part, b.subarray(at)]);
    }
    case 5:
      return b.subarray(0, int(r, b.length + 1));
    case 6:
      return Buffer.from(Array.from({ length: int(r, 600) }, () => int(r, 256)));
    default: {
      // Splice: the head of this input and the tail of itself from elsewhere.
      const cut = int(r, b.length + 1);
      return Buffer.concat([b.subarray(0, cut), b.subarray(int(r, b.length + 1))]);
    }
  }
}

/** Replaces, removes or adds one value somewhere in a JSON document (objects and arrays walked at random). */
export function mutateJson(r: Rng, doc: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as unknown;
  if (typeof copy !== 'object' || copy === null || r() < 0.05) return pick(r, INTERESTING_VALUES);
  let node = copy as Record<string, unknown>;
  for (;;) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = pick(r, keys);
    const child = node[key];
    if (typeof child === 'object' && child !== null && r() < 0.5) {
      node = child as Record<string, unknown>;
      continue;
    }
    const roll = r();
    if (roll < 0.7) node[key] = pick(r, INTERESTING_VALUES);
    else if (roll < 0.85) delete node[key];
    else Object.defineProperty(node, pick(r, ['__proto__', 'constructor', 'extra', '', 'id', 'txId']), { value: pick(r, INTERESTING_VALUES), enumerable: true, writable: true, configurable: true });
    break;
  }
  return copy;
}

/** One fuzz input from a seed document: half byte-level, half JSON-aware (then serialised, sometimes also byte-mutated). */
export function fuzzJsonBytes(r: Rng, seed: unknown): Buffer {
  if (r() < 0.5) return mutateBytes(r, Buffer.from(JSON.stringify(seed), 'utf8'));
  const text = Buffer.from(JSON.stringify(mutateJson(r, seed)) ?? 'null', 'utf8');
  return r() < 0.2 ? mutateBytes(r, text) : text;
}
