/**
 * Ed25519 verification for the coordinator, off the HTTP thread and across cores: a batch's signature
 * checks are packed into one transferable buffer per worker (no per-check structured clone) and given to
 * the least-loaded workers. The worker is plain CommonJS (eval) using node:crypto only, so it runs the same
 * under tsx, vitest and a bundle. `inlineVerifier` does the same on the calling thread.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
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

/** Worker threads for a machine: one per core (the HTTP thread mostly waits on them), 1..8. */
export function defaultVerifyThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

const SPKI_PREFIX_HEX = '302a300506032b6570032100';
const KEY_HEX = /^[0-9a-f]{64}$/;

// Packed check: key(32) ‖ signature(64) ‖ u32be message length ‖ message.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const prefix = Buffer.from('${SPKI_PREFIX_HEX}', 'hex');
const keys = new Map();
function keyOf(raw) {
  const id = raw.toString('latin1');
  let k = keys.get(id);
  if (!k) {
    k = crypto.createPublicKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'spki' });
    if (keys.size > 10000) keys.clear();
    keys.set(id, k);
  }
  return k;
}
parentPort.on('message', (m) => {
  const buf = Buffer.from(m.buf);
  const out = new Uint8Array(m.n);
  let o = 0;
  for (let i = 0; i < m.n; i++) {
    const key = buf.subarray(o, o + 32);
    const sig = buf.subarray(o + 32, o + 96);
    const len = buf.readUInt32BE(o + 96);
    const msg = buf.subarray(o + 100, o + 100 + len);
    o += 100 + len;
    try { out[i] = crypto.verify(null, msg, keyOf(key), sig) ? 1 : 0; } catch { out[i] = 0; }
  }
  parentPort.postMessage({ id: m.id, out }, [out.buffer]);
});`;

function keyCache(): (hex: string) => KeyObject {
  const keys = new Map<string, KeyObject>();
  return (hex) => {
    let k = keys.get(hex);
    if (!k) {
      k = createPublicKey({ key: Buffer.concat([Buffer.from(SPKI_PREFIX_HEX, 'hex'), Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
      if (keys.size > 10_000) keys.clear();
      keys.set(hex, k);
    }
    return k;
  };
}

/** A check that can never pass (bad key text or signature length) is refused before any crypto. */
const wellFormed = (c: SignatureCheck): boolean => c.signature.length === 64 && KEY_HEX.test(c.publicKeyHex);

export function inlineVerifier(): SignatureVerifier {
  const keyOf = keyCache();
  return {
    verifyMany: async (checks) =>
      checks.map((c) => {
        try {
          return wellFormed(c) && verify(null, c.message, keyOf(c.publicKeyHex), c.signature);
        } catch {
          return false;
        }
      }),
    close: async () => undefined,
  };
}

function pack(checks: readonly SignatureCheck[]): ArrayBuffer {
  let size = 0;
  for (const c of checks) size += 100 + c.message.length;
  const buf = Buffer.allocUnsafeSlow(size);
  let o = 0;
  for (const c of checks) {
    buf.write(c.publicKeyHex, o, 32, 'hex');
    buf.set(c.signature, o + 32);
    buf.writeUInt32BE(c.message.length, o + 96);
    buf.set(c.message, o + 100);
    o += 100 + c.message.length;
  }
  return buf.buffer as ArrayBuffer;
}

/**
 * `threads` workers; small batches (< 2 × threads checks) are verified inline to skip the round trip.
 * A worker that dies fails only the checks it held and is replaced, so no call can hang on it.
 */
export function workerPoolVerifier(threads = defaultVerifyThreads()): SignatureVerifier {
  interface Slot {
    w: Worker;
    load: number;
  }
  const inline = inlineVerifier();
  const pending = new Map<number, { slot: Slot; resolve: (r: Uint8Array) => void; reject: (e: unknown) => void }>();
  let seq = 0;
  let closed = false;
  const fail = (slot: Slot | null, err: unknown): void => {
    for (const [id, p] of pending) {
      if (slot && p.slot !== slot) continue;
      pending.delete(id);
      p.reject(err);
    }
  };
  const spawn = (slot: Slot): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    w.on('message', (m: { id: number; out: Uint8Array }) => {
      pending.get(m.id)?.resolve(m.out);
      pending.delete(m.id);
    });
    w.on('error', (err) => fail(slot, err));
    w.on('exit', (code) => {
      fail(slot, new Error(`signature worker exited (${code})`));
      if (!closed) slot.w = spawn(slot);
    });
    return w;
  };
  const workers: Slot[] = Array.from({ length: threads }, () => {
    const slot = { load: 0 } as Slot;
    slot.w = spawn(slot);
    return slot;
  });
  const run = (checks: readonly SignatureCheck[]): Promise<Uint8Array> => {
    // Least outstanding work first: overlapping batches (pipelined clients) keep every core busy.
    const slot = workers.reduce((best, x) => (x.load < best.load ? x : best));
    slot.load += checks.length;
    const buf = pack(checks);
    return new Promise<Uint8Array>((resolve, reject) => {
      if (closed) throw new Error('verifier closed');
      const id = ++seq;
      pending.set(id, { slot, resolve, reject });
      slot.w.postMessage({ id, buf, n: checks.length }, [buf]);
    }).finally(() => {
      slot.load -= checks.length;
    });
  };
  return {
    async verifyMany(checks) {
      const valid = checks.filter(wellFormed);
      if (valid.length < 2 * threads) return inline.verifyMany(checks);
      const size = Math.ceil(valid.length / threads);
      const parts: Array<Promise<Uint8Array>> = [];
      for (let i = 0; i < valid.length; i += size) parts.push(run(valid.slice(i, i + size)));
      const verdicts = (await Promise.all(parts)).flatMap((p) => Array.from(p, (x) => x === 1));
      let v = 0;
      return checks.map((c) => wellFormed(c) && verdicts[v++] === true);
    },
    async close() {
      closed = true;
      fail(null, new Error('verifier closed'));
      await Promise.all(workers.map((x) => x.w.terminate()));
    },
  };
}
