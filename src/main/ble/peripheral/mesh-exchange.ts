import type { Clock } from '../../core/clock.js';
import { TimeoutError, withDeadline } from '../../core/deadline.js';
import type { Logger } from '../../core/logger.js';
import { MAX_CHUNK_BYTES } from '../protocol/chunk-codec.js';
import { isFrameError } from '../protocol/frame-error.js';
import { decodeJsonMessage, encodeJsonMessage } from '../protocol/json-message.js';
import { ledgerAckSchema, ledgerBatchSchema, meshTaskRequestSchema, meshTaskResponseSchema, messageIdSchema } from '../protocol/mesh-schemas.js';
import type { LedgerAck, LedgerBatch, MeshTaskRequest, MeshTaskResponseInput } from '../protocol/mesh-schemas.js';
import type { CentralSession, Outbox } from './central-session.js';
import { notifyFramed } from './framed-notifier.js';
import { countBadFrame } from './peripheral-counters.js';
import type { PeripheralCounters } from './peripheral-counters.js';

export interface PeerContext {
  /** The central's address (bleno's clientAddress). */
  central: string;
  /** Aborted on timeout, disconnect or stop. */
  signal: AbortSignal;
}

/** Runs one task request; the service adds the id. */
export type MeshTaskHandler = (request: MeshTaskRequest, ctx: PeerContext) => Promise<Omit<MeshTaskResponseInput, 'id'>>;
/** Stores a ledger batch durably and says which txIds it accepted. */
export type LedgerBatchHandler = (batch: LedgerBatch, ctx: PeerContext) => Promise<Omit<LedgerAck, 'batchId'>>;

export interface MeshExchangeDeps {
  clock: Clock;
  log: Logger;
  counters: PeripheralCounters;
  taskHandler: MeshTaskHandler;
  ledgerHandler?: LedgerBatchHandler;
  taskTimeoutMs: number;
  ledgerTimeoutMs: number;
}

/** Request → task → response and batch → ledger → ack, for one central's session. */
export class MeshExchange {
  constructor(private readonly deps: MeshExchangeDeps) {}

  requestFrame(session: CentralSession, frame: Buffer): void {
    const message = this.push(session, 'request', frame);
    if (!message) return;
    let request: MeshTaskRequest;
    try {
      request = decodeJsonMessage(meshTaskRequestSchema, message, 'task request');
    } catch (err) {
      this.bad(session, 'request', err);
      const id = idOf(message, 'id');
      if (id) this.respond(session, { id, ok: false, error: errorText(err) });
      return;
    }
    if (session.task) {
      this.deps.counters.busy++;
      this.respond(session, { id: request.id, ok: false, error: 'busy: one request in flight per connection' });
      return;
    }
    this.deps.counters.requests++;
    void this.run(session, request);
  }

  ledgerFrame(session: CentralSession, frame: Buffer): void {
    const message = this.push(session, 'ledger', frame);
    if (!message) return;
    let batch: LedgerBatch;
    try {
      batch = decodeJsonMessage(ledgerBatchSchema, message, 'ledger batch');
    } catch (err) {
      this.bad(session, 'ledger', err);
      return;
    }
    this.deps.counters.ledgerBatches++;
    if (session.ledgerBusy || !this.deps.ledgerHandler) {
      const reason = session.ledgerBusy ? 'busy: one batch in flight per connection' : 'no ledger on this device';
      if (session.ledgerBusy) this.deps.counters.busy++;
      this.ack(session, { batchId: batch.batchId, accepted: [], rejected: batch.transactions.map((t) => ({ txId: t.txId, reason })) });
      return;
    }
    void this.store(session, batch, this.deps.ledgerHandler);
  }

  private push(session: CentralSession, which: 'request' | 'ledger', frame: Buffer): Buffer | null {
    if (frame.length > MAX_CHUNK_BYTES) {
      // A long (prepare/execute) write arrives whole from bleno; chunks above 512 bytes break the framing rule.
      (which === 'request' ? session.request : session.ledger).reset();
      countBadFrame(this.deps.counters, 'oversize-frame');
      this.deps.log.log('warn', 'frame.dropped', { central: session.central, characteristic: which, code: 'oversize-frame', bytes: frame.length });
      return null;
    }
    try {
      return (which === 'request' ? session.request : session.ledger).push(frame);
    } catch (err) {
      this.bad(session, which, err);
      return null;
    }
  }

  private async run(session: CentralSession, request: MeshTaskRequest): Promise<void> {
    const ac = new AbortController();
    session.task = ac;
    let response: MeshTaskResponseInput;
    try {
      const out = await withDeadline((signal) => this.deps.taskHandler(request, { central: session.central, signal }), {
        clock: this.deps.clock, ms: this.deps.taskTimeoutMs, operation: 'ble.peripheral.task', signal: ac.signal,
      });
      response = { ...out, id: request.id };
    } catch (err) {
      if (session.closed || ac.signal.aborted) return;
      if (err instanceof TimeoutError) this.deps.counters.taskTimeouts++;
      else this.deps.counters.taskErrors++;
      this.deps.log.log('warn', 'task.failed', { central: session.central, id: request.id, error: errorText(err) });
      response = { id: request.id, ok: false, error: err instanceof TimeoutError ? 'timeout' : errorText(err) };
    } finally {
      if (session.task === ac) session.task = null;
    }
    this.respond(session, response);
  }

  private async store(session: CentralSession, batch: LedgerBatch, handler: LedgerBatchHandler): Promise<void> {
    session.ledgerBusy = true;
    try {
      const out = await withDeadline((signal) => handler(batch, { central: session.central, signal }), {
        clock: this.deps.clock, ms: this.deps.ledgerTimeoutMs, operation: 'ble.peripheral.ledger',
      });
      this.ack(session, { ...out, batchId: batch.batchId });
    } catch (err) {
      this.deps.log.log('warn', 'ledger.failed', { central: session.central, batchId: batch.batchId, error: errorText(err) });
      this.ack(session, { batchId: batch.batchId, accepted: [], rejected: batch.transactions.map((t) => ({ txId: t.txId, reason: errorText(err) })) });
    } finally {
      session.ledgerBusy = false;
    }
  }

  private respond(session: CentralSession, response: MeshTaskResponseInput): void {
    let bytes: Buffer;
    try {
      bytes = encodeJsonMessage(meshTaskResponseSchema, response);
    } catch (err) {
      this.deps.counters.taskErrors++;
      bytes = encodeJsonMessage(meshTaskResponseSchema, { id: response.id, ok: false, error: `invalid task output: ${errorText(err)}`.slice(0, 2000) });
    }
    this.send(session, 'response', bytes, () => this.deps.counters.responses++);
  }

  private ack(s: CentralSession, ack: LedgerAck): void {
    let bytes: Buffer;
    try {
      bytes = encodeJsonMessage(ledgerAckSchema, ack);
    } catch (err) {
      this.deps.log.log('error', 'ledger.bad_ack', { error: errorText(err) });
      return;
    }
    this.send(s, 'ledger', bytes, () => this.deps.counters.ledgerAcks++);
  }

  private send(s: CentralSession, box: Outbox, bytes: Buffer, done: () => void): void {
    const queued = s.enqueue(box, async () => {
      const outcome = await notifyFramed(bytes, () => s.subscriber(box), () => !s.closed, () => this.deps.counters.chunksSent++);
      if (outcome === 'sent') done();
      else {
        if (outcome === 'no-subscriber') this.deps.counters.noSubscriber++;
        this.deps.log.log('warn', 'notify.dropped', { central: s.central, box, outcome, bytes: bytes.length });
      }
    });
    if (!queued) this.deps.log.log('warn', 'notify.queue_full', { central: s.central, box });
  }

  private bad(s: CentralSession, which: string, err: unknown): void {
    const code = isFrameError(err) ? err.code : 'invalid-message';
    countBadFrame(this.deps.counters, code);
    this.deps.log.log('warn', 'frame.dropped', { central: s.central, characteristic: which, code, error: errorText(err) });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The id of a message that failed validation, if it has a usable one (to answer it with ok:false). */
function idOf(message: Buffer, key: string): string | null {
  try {
    const raw = JSON.parse(message.toString('utf8')) as Record<string, unknown>;
    const id = messageIdSchema.safeParse(raw?.[key]);
    return id.success ? id.data : null;
  } catch {
    return null;
  }
}
