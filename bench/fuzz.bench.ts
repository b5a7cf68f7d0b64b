/**
 * Fuzz soak: mutated and random inputs through the four parsers that take bytes from outside, each
 * with the error it is allowed to throw: the BLE frame reassembler (FrameError; it keeps its state
 * across inputs and never holds more than its cap), the mesh schemas via decodeJsonMessage (FrameError),
 * the ledger's transaction decoder (JSON, then verifyTransaction: TxRejectedError) and the local API's
 * request parser (JSON, then chatRequest/completionRequest: ApiError). Anything else thrown is a crash.
 * Memory is sampled after a forced GC every tenth of the run; it must stay flat.
 * Inputs per target: FUZZ_INPUTS (default 250 000, so 1 000 000 in all). Seeded: FUZZ_SEED (default 1).
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Clock, TimerHandle } from '../src/main/core/clock.js';
import { encodeFrames } from '../src/main/ble/protocol/chunk-codec.js';
import { FrameError } from '../src/main/ble/protocol/frame-error.js';
import { decodeJsonMessage } from '../src/main/ble/protocol/json-message.js';
import {
  capabilitiesSchema, identitySchema, ledgerAckSchema, ledgerBatchSchema, meshTaskRequestSchema, meshTaskResponseSchema,
} from '../src/main/ble/protocol/mesh-schemas.js';
import { Reassembler } from '../src/main/ble/protocol/reassembler.js';
import { mulberry32 } from '../src/sim/radio/sim-types.js';
import { Identity } from '../src/main/ledger/identity.js';
import { countersign, createSignedIntent, TxRejectedError, verifyTransaction } from '../src/main/ledger/tx-protocol.js';
import { ApiError } from '../src/main/local-api/api-errors.js';
import { chatRequest, completionRequest } from '../src/main/local-api/request-mapping.js';
import { fuzzJsonBytes, mutateBytes } from './support/fuzz-mutate.js';

const INPUTS = Number(process.env.FUZZ_INPUTS ?? 250_000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const MAX_BYTES = 32 * 1024;
/** Heap growth (after GC) from the first tenth to the end that still counts as flat. */
const FLAT_BYTES = 8 * 1024 * 1024;

type Verdict = 'accepted' | string;
interface Target {
  name: string;
  /** Runs one input; returns 'accepted' or the expected rejection's code; throws anything unexpected. */
  run(r: () => number): Verdict;
}

const gc = ((): (() => void) => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** A clock moved by hand whose due timers fire synchronously (the soak loop never yields). */
function stepClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let seq = 0;
  const timers = new Map<number, { due: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.set(++seq, { due: now + ms, fn });
      return seq as unknown as TimerHandle;
    },
    clearTimeout: (h) => void timers.delete(h as unknown as number),
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.due > now) continue;
        timers.delete(id);
        t.fn();
      }
    },
  };
}

function reassemblerTarget(): Target {
  const clock = stepClock();
  let timeouts = 0;
  const reassembler = new Reassembler({ clock, maxBytes: MAX_BYTES, timeoutMs: 1_000, onTimeout: () => void timeouts++ });
  const r0 = mulberry32(SEED ^ 0x51);
  const messages = [16, 300, 5_000, 60_000].map((n) => Buffer.from(Array.from({ length: n }, () => Math.floor(r0() * 256))));
  const frames = messages.flatMap((m) => encodeFrames(m, 20 + Math.floor(r0() * 180)));
  let queue: Buffer[] = [];
  return {
    name: 'ble-reassembler',
    run(r) {
      // A whole valid message now and then, else single frames: valid, mutated or random.
      if (queue.length === 0 && r() < 0.01) queue = encodeFrames(messages[Math.floor(r() * messages.length)] as Buffer, 20 + Math.floor(r() * 490));
      const frame = queue.shift() ?? (r() < 0.3 ? (frames[Math.floor(r() * frames.length)] as Buffer) : mutateBytes(r, frames[Math.floor(r() * frames.length)] as Buffer));
      if (r() < 0.001) {
        const before = timeouts;
        clock.advance(1_500); // inactivity: the partial message is dropped
        if (timeouts > before) return 'timed-out';
      }
      try {
        const out = reassembler.push(frame);
        if (reassembler.bufferedBytes > MAX_BYTES || (out && out.length > MAX_BYTES)) throw new Error(`reassembler holds ${reassembler.bufferedBytes} bytes over its cap`);
        return out ? 'accepted' : 'partial';
      } catch (err) {
        if (err instanceof FrameError) return err.code;
        throw err;
      }
    },
  };
}

function meshSchemaTarget(): Target {
  const schemas = [
    [identitySchema, { agentId: 'ec-0123456789abcdef0123456789abcdef', meshTokenHash: 'ab'.repeat(32), publicKey: 'cd'.repeat(32) }],
    [capabilitiesSchema, { model: 'qwen-1.5b', modelParamSize: 1.5, memoryMB: 8192, batteryPct: 80, currentLoad: 0, deviceType: 'phone' }],
    [meshTaskRequestSchema, { id: 'req-1', prompt: 'Write a function', language: 'python', maxTokens: 128, intent: { txId: 't' }, requester: { agentId: 'a', publicKey: 'k' } }],
    [meshTaskResponseSchema, { id: 'req-1', ok: true, output: 'def f(): pass', cpuSeconds: 1.5, durationMs: 1500, receipt: { txId: 't' } }],
    [ledgerBatchSchema, { batchId: 'b-1', transactions: [{ txId: 'tx-1', credits: 1 }, { txId: 'tx-2' }] }],
    [ledgerAckSchema, { batchId: 'b-1', accepted: ['tx-1'], rejected: [{ txId: 'tx-2', reason: 'bad' }] }],
  ] as const;
  return {
    name: 'mesh-schemas',
    run(r) {
      const [schema, seed] = schemas[Math.floor(r() * schemas.length)] as (typeof schemas)[number];
      try {
        decodeJsonMessage(schema, fuzzJsonBytes(r, seed), 'fuzz');
        return 'accepted';
      } catch (err) {
        if (err instanceof FrameError) return err.code;
        throw err;
      }
    },
  };
}

function ledgerTarget(): Target {
  const requester = new Identity(Buffer.alloc(32, 1));
  const provider = new Identity(Buffer.alloc(32, 2));
  const intent = createSignedIntent(requester, { providerId: provider.agentId, taskHash: 'ab'.repeat(32), issuedAt: 1_767_225_600_000, txId: 'fuzz-tx-1' });
  const tx = countersign(provider, intent, requester.publicKey, { cpuSeconds: 12, providerModelParamSize: 7, resultHash: 'cd'.repeat(32), completedAt: 1_767_225_601_000 });
  const keys = { requester: requester.publicKey, provider: provider.publicKey };
  return {
    name: 'ledger-tx-decoder',
    run(r) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(fuzzJsonBytes(r, tx).toString('utf8'));
      } catch (err) {
        if (err instanceof SyntaxError) return 'bad-json';
        throw err;
      }
      try {
        verifyTransaction(parsed, keys);
        return 'accepted';
      } catch (err) {
        if (err instanceof TxRejectedError) return err.code;
        throw err;
      }
    },
  };
}

function localApiTarget(): Target {
  const chat = { model: 'qwen', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'hi' }] }], stream: true, stream_options: { include_usage: true }, max_tokens: 64 };
  const completion = { model: 'qwen', prompt: ['def f():'], max_tokens: 32, stream: false, echo: false, suffix: null };
  return {
    name: 'local-api-request',
    run(r) {
      const isChat = r() < 0.5;
      let body: unknown;
      try {
        body = JSON.parse(fuzzJsonBytes(r, isChat ? chat : completion).toString('utf8'));
      } catch (err) {
        if (err instanceof SyntaxError) return 'bad-json';
        throw err;
      }
      try {
        if (isChat) chatRequest(body);
        else completionRequest(body);
        return 'accepted';
      } catch (err) {
        if (err instanceof ApiError) return `api-${err.status}`;
        throw err;
      }
    },
  };
}

function soak(target: Target): Record<string, unknown> {
  const r = mulberry32(SEED);
  const outcomes: Record<string, number> = {};
  const crashes: Array<{ input: number; error: string }> = [];
  const heap: number[] = [];
  let slowestMs = 0;
  const started = performance.now();
  for (let i = 0; i < INPUTS; i++) {
    if (i % Math.max(1, Math.floor(INPUTS / 10)) === 0) {
      gc();
      heap.push(process.memoryUsage().heapUsed);
    }
    const t0 = performance.now();
    try {
      const v = target.run(r);
      outcomes[v] = (outcomes[v] ?? 0) + 1;
    } catch (err) {
      if (crashes.length < 5) crashes.push({ input: i, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
      outcomes.crash = (outcomes.crash ?? 0) + 1;
    }
    slowestMs = Math.max(slowestMs, performance.now() - t0);
  }
  gc();
  heap.push(process.memoryUsage().heapUsed);
  const seconds = (performance.now() - started) / 1000;
  const growth = (heap.at(-1) as number) - (heap[1] ?? (heap[0] as number));
  return {
    inputs: INPUTS,
    crashes: outcomes.crash ?? 0,
    crashSamples: crashes,
    outcomes,
    inputsPerSecond: Math.round(INPUTS / seconds),
    slowestInputMs: Number(slowestMs.toFixed(2)),
    heapMb: heap.map((h) => Number((h / 1048576).toFixed(1))),
    heapGrowthMb: Number((growth / 1048576).toFixed(2)),
    flat: growth < FLAT_BYTES,
  };
}

export default async function fuzzBench(): Promise<Record<string, unknown>> {
  const targets = [reassemblerTarget(), meshSchemaTarget(), ledgerTarget(), localApiTarget()];
  const results: Record<string, Record<string, unknown>> = {};
  for (const t of targets) {
    process.stderr.write(`bench: fuzz ${t.name} (${INPUTS} inputs)…\n`);
    results[t.name] = soak(t);
  }
  const total = Object.values(results).reduce((n, x) => n + (x.inputs as number), 0);
  const crashes = Object.values(results).reduce((n, x) => n + (x.crashes as number), 0);
  const flat = Object.values(results).every((x) => x.flat === true);
  return {
    seed: SEED,
    totalInputs: total,
    totalCrashes: crashes,
    targets: results,
    goal: '≥ 1 000 000 inputs, 0 crashes, heap growth < 8 MB per target after GC',
    met: total >= 1_000_000 && crashes === 0 && flat,
  };
}
