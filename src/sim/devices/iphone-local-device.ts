import { systemClock } from '../../main/core/clock.js';
import type { Clock } from '../../main/core/clock.js';
import { withDeadline } from '../../main/core/deadline.js';
import { silentLogger } from '../../main/core/logger.js';
import type { Logger } from '../../main/core/logger.js';
import { isFrameError } from '../../main/ble/protocol/frame-error.js';
import { LOCAL_SLICE_BYTES, LOCAL_SLICE_SPACING_MS, LocalAccumulator, encodeLocalSlices } from '../../main/ble/protocol/local-framing.js';
import { localRequestSchema, localResponseSchema, localStatusSchema } from '../../main/ble/protocol/local-schemas.js';
import type { LocalRequest, LocalResponse, LocalStatus } from '../../main/ble/protocol/local-schemas.js';
import { LOCAL_CHAR, LOCAL_SERVICE } from '../../main/ble/protocol/uuids.js';
import { createSimBleno, whenPoweredOn } from '../radio/install-sim.js';
import type { SimAir } from '../radio/sim-air.js';
import type { VirtualController } from '../radio/virtual-controller.js';

export type LocalInferenceHandler = (request: LocalRequest, ctx: { signal: AbortSignal }) => Promise<{ output: string; ok: boolean }>;

export interface IphoneLocalOptions {
  name?: string;
  address?: string;
  modelState?: string;
  batteryPct?: number;
  /** Default: deterministic echo `iphone-echo: <prompt>`. */
  handler?: LocalInferenceHandler;
  timeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface SimIphone {
  readonly kind: 'iphone';
  readonly address: string;
  /** The name it advertises. */
  readonly name: string;
  readonly controller: VirtualController;
  /** Requests answered, and slices / bad messages counted (for tests and the demo). */
  readonly counters: { requests: number; slicesSent: number; badMessages: number; busy: number };
  /** What the status characteristic serves now. */
  status(): LocalStatus;
  setStatus(next: Partial<LocalStatus>): void;
  stop(): Promise<void>;
}

interface Sub { maxValueSize: number; update: (b: Buffer) => void }

/**
 * An iPhone in Bluetooth Local mode (seed 004) as a bleno peripheral: request JSON slices written to
 * …0002, response JSON notified on …0003 in slices of ≤ 512 bytes (and ≤ the central's maxValueSize, as
 * CoreBluetooth also limits a notification to the MTU) 10 ms apart, status on …0004.
 */
export async function startIphoneLocal(air: SimAir, o: IphoneLocalOptions = {}): Promise<SimIphone> {
  const clock = o.clock ?? systemClock;
  const log = (o.logger ?? silentLogger).child('sim-iphone');
  const controller = air.createController(o.address ? { address: o.address } : {});
  const bleno = createSimBleno(controller);
  const { Characteristic, PrimaryService } = bleno;
  const handler = o.handler ?? (async (r: LocalRequest) => ({ output: `iphone-echo: ${r.prompt}`, ok: true }));
  let status: LocalStatus = localStatusSchema.parse({ modelState: o.modelState ?? 'ready', batteryPct: o.batteryPct ?? 90 });
  const counters = { requests: 0, slicesSent: 0, badMessages: 0, busy: 0 };
  const subs: { response: Sub | null; status: Sub | null } = { response: null, status: null };
  let lastResponse = Buffer.alloc(0);
  let running: AbortController | null = null;
  const incoming = new LocalAccumulator({ clock, schema: localRequestSchema, what: 'local request', onTimeout: () => counters.badMessages++ });

  const sleep = (ms: number): Promise<void> => new Promise((r) => clock.setTimeout(r, ms));
  const sendResponse = async (response: LocalResponse): Promise<void> => {
    lastResponse = Buffer.from(JSON.stringify(localResponseSchema.parse(response)));
    const sub = subs.response;
    if (!sub) return;
    for (const slice of encodeLocalSlices(lastResponse, Math.min(LOCAL_SLICE_BYTES, sub.maxValueSize))) {
      if (subs.response !== sub) return; // unsubscribed or disconnected
      sub.update(slice);
      counters.slicesSent++;
      await sleep(LOCAL_SLICE_SPACING_MS);
    }
  };
  const onRequest = async (request: LocalRequest): Promise<void> => {
    if (running) {
      counters.busy++;
      return sendResponse({ id: request.id, output: 'busy', ok: false, durationMs: 0 });
    }
    counters.requests++;
    const ac = (running = new AbortController());
    const started = clock.now();
    let result: { output: string; ok: boolean };
    try {
      result = await withDeadline((signal) => handler(request, { signal }), { clock, ms: o.timeoutMs ?? 60_000, operation: 'iphone.inference', signal: ac.signal });
    } catch (err) {
      if (ac.signal.aborted) return;
      result = { output: err instanceof Error ? err.message : String(err), ok: false };
    } finally {
      if (running === ac) running = null;
    }
    await sendResponse({ id: request.id, output: result.output, ok: result.ok, durationMs: clock.now() - started });
  };
  const readable = (value: () => Buffer) => (offset: number, cb: (r: number, d?: Buffer) => void): void => {
    const v = value();
    if (offset > v.length) cb(Characteristic.RESULT_INVALID_OFFSET);
    else cb(Characteristic.RESULT_SUCCESS, v.subarray(offset));
  };
  const statusBytes = (): Buffer => Buffer.from(JSON.stringify(status));

  const service = new PrimaryService({
    uuid: LOCAL_SERVICE.noble,
    characteristics: [
      new Characteristic({
        uuid: LOCAL_CHAR.request.noble,
        properties: ['write', 'writeWithoutResponse'],
        onWriteRequest: (data, _offset, withoutResponse, cb) => {
          if (!withoutResponse) cb(Characteristic.RESULT_SUCCESS);
          try {
            const request = incoming.push(data);
            if (request) void onRequest(request);
          } catch (err) {
            counters.badMessages++;
            log.log('warn', 'request.dropped', { error: isFrameError(err) ? err.message : String(err) });
          }
        },
      }),
      new Characteristic({
        uuid: LOCAL_CHAR.response.noble,
        properties: ['notify', 'read'],
        onReadRequest: readable(() => lastResponse),
        onSubscribe: (maxValueSize, update) => (subs.response = { maxValueSize, update }),
        onUnsubscribe: () => (subs.response = null),
      }),
      new Characteristic({
        uuid: LOCAL_CHAR.status.noble,
        properties: ['notify', 'read'],
        onReadRequest: readable(statusBytes),
        onSubscribe: (maxValueSize, update) => (subs.status = { maxValueSize, update }),
        onUnsubscribe: () => (subs.status = null),
      }),
    ],
  });
  bleno.on('disconnect', () => {
    incoming.reset();
    running?.abort(new Error('central disconnected'));
    running = null;
  });
  await whenPoweredOn(bleno);
  await new Promise<void>((resolve, reject) => {
    bleno.once('advertisingStartError', reject);
    bleno.setServices([service], () => {
      bleno.once('advertisingStart', (err?: Error | null) => (err ? reject(err) : resolve()));
      bleno.startAdvertising(o.name ?? 'iPhone', [LOCAL_SERVICE.noble]);
    });
  });
  return {
    kind: 'iphone',
    address: controller.address,
    name: o.name ?? 'iPhone',
    controller,
    counters,
    status: () => ({ ...status }),
    setStatus(next) {
      status = localStatusSchema.parse({ ...status, ...next });
      const bytes = statusBytes();
      if (subs.status && bytes.length <= subs.status.maxValueSize) subs.status.update(bytes);
    },
    async stop() {
      running?.abort(new Error('stopped'));
      incoming.reset();
      bleno.stopAdvertising();
      bleno.disconnect();
    },
  };
}
