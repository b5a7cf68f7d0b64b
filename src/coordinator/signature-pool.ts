/**
 * Ed25519 verification for the coordinator, off the HTTP thread and across cores: a batch's signature
 * checks are split over worker threads. The worker is plain CommonJS (eval) using node:crypto only, so
 * it runs the same under tsx, vitest and a bundle. `inlineVerifier` does the same on the calling thread.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';

export interface SignatureCheck {
  publicKeyHex: string;
  message: Uint8Array;
  signature: Uint8Array;
}

export interface SignatureVerifier {
  verifyMany(checks: readonly SignatureCheck[]): Promise<boolean[]>;
  close(): Promise<void>;
}

const SPKI_PREFIX_HEX = '302a300506032b6570032100';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const prefix = Buffer.from('${SPKI_PREFIX_HEX}', 'hex');
const keys = new Map();
function keyOf(hex) {
  let k = keys.get(hex);
  if (!k) {
    k = crypto.createPublicKey({ key: Buffer.concat([prefix, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
    if (keys.size > 10000) keys.clear();
    keys.set(hex, k);
  }
  return k;
}
parentPort.on('message', (m) => {
  const out = m.checks.map((c) => {
    try { return c.signature.length === 64 && /^[0-9a-f]{64}$/.test(c.publicKeyHex) && crypto.verify(null, c.message, keyOf(c.publicKeyHex), c.signature); }
    catch { return false; }
  });
  parentPort.postMessage({ id: m.id, out });
});`;

export function inlineVerifier(): SignatureVerifier {
  const keys = new Map<string, KeyObject>();
  const keyOf = (hex: string): KeyObject => {
    let k = keys.get(hex);
    if (!k) {
      k = createPublicKey({ key: Buffer.concat([Buffer.from(SPKI_PREFIX_HEX, 'hex'), Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
      if (keys.size > 10_000) keys.clear();
      keys.set(hex, k);
    }
    return k;
  };
  return {
    verifyMany: async (checks) =>
      checks.map((c) => {
        try {
          return c.signature.length === 64 && /^[0-9a-f]{64}$/.test(c.publicKeyHex) && verify(null, c.message, keyOf(c.publicKeyHex), c.signature);
        } catch {
          return false;
        }
      }),
    close: async () => undefined,
  };
}

/** `threads` workers; small batches (< 2 × threads checks) are verified inline to skip the round trip. */
export function workerPoolVerifier(threads: number): SignatureVerifier {
  const inline = inlineVerifier();
  const pending = new Map<number, { resolve: (r: boolean[]) => void; reject: (e: unknown) => void }>();
  let seq = 0;
  const failAll = (err: unknown): void => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const workers = Array.from({ length: threads }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    w.on('message', (m: { id: number; out: boolean[] }) => {
      pending.get(m.id)?.resolve(m.out);
      pending.delete(m.id);
    });
    w.on('error', failAll);
    return w;
  });
  const run = (w: Worker, checks: readonly SignatureCheck[]): Promise<boolean[]> =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, checks });
    });
  return {
    async verifyMany(checks) {
      if (checks.length < 2 * threads) return inline.verifyMany(checks);
      const size = Math.ceil(checks.length / threads);
      const parts = workers.map((w, i) => run(w, checks.slice(i * size, (i + 1) * size)));
      return (await Promise.all(parts)).flat();
    },
    async close() {
      failAll(new Error('verifier closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
