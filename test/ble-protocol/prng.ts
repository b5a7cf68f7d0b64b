/** Seeded PRNG so fuzz runs are reproducible: a failure prints its seed (the sim air's own generator). */
export { mulberry32 } from '../../src/sim/radio/sim-types.js';

export function randomBytes(random: () => number, length: number): Buffer {
  const b = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) b[i] = Math.floor(random() * 256);
  return b;
}

export function randomInt(random: () => number, maxExclusive: number): number {
  return Math.floor(random() * maxExclusive);
}
