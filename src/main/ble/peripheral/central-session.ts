import type { Clock } from '../../core/clock.js';
import { Reassembler } from '../protocol/reassembler.js';
import type { FrameError } from '../protocol/frame-error.js';

/** A central's subscription to a notify characteristic, as bleno hands it to onSubscribe. */
export interface Subscriber {
  /** ATT MTU − 3 at subscribe time: bleno silently truncates anything longer. */
  maxValueSize: number;
  update: (value: Buffer) => void;
}

export type Outbox = 'response' | 'ledger';

export interface SessionOptions {
  clock: Clock;
  maxRequestBytes: number;
  maxLedgerBytes: number;
  reassemblyTimeoutMs: number;
  onReassemblyTimeout: (err: FrameError) => void;
}

/** Outgoing messages queued per characteristic beyond which new ones are dropped (a flooding peer). */
export const MAX_QUEUED_MESSAGES = 4;

/**
 * Everything the peripheral keeps for one connected central: reassembly buffers, subscriptions, the
 * running task and the outgoing queues. Nothing is shared between centrals; close() frees it all.
 */
export class CentralSession {
  readonly request: Reassembler;
  readonly ledger: Reassembler;
  capabilitiesSub: Subscriber | null = null;
  responseSub: Subscriber | null = null;
  ledgerSub: Subscriber | null = null;
  /** The task running for this central's current request (one in flight). */
  task: AbortController | null = null;
  ledgerBusy = false;
  closed = false;
  private readonly chains: Record<Outbox, Promise<void>> = { response: Promise.resolve(), ledger: Promise.resolve() };
  private readonly queued: Record<Outbox, number> = { response: 0, ledger: 0 };

  constructor(readonly central: string, opts: SessionOptions) {
    const common = { clock: opts.clock, timeoutMs: opts.reassemblyTimeoutMs, onTimeout: opts.onReassemblyTimeout };
    this.request = new Reassembler({ ...common, maxBytes: opts.maxRequestBytes });
    this.ledger = new Reassembler({ ...common, maxBytes: opts.maxLedgerBytes });
  }

  subscriber(box: Outbox): Subscriber | null {
    return box === 'response' ? this.responseSub : this.ledgerSub;
  }

  /** Runs `send` after every earlier message of that outbox; false when the queue is full. */
  enqueue(box: Outbox, send: () => Promise<void>): boolean {
    if (this.closed || this.queued[box] >= MAX_QUEUED_MESSAGES) return false;
    this.queued[box]++;
    this.chains[box] = this.chains[box]
      .then(() => (this.closed ? undefined : send()))
      .catch(() => undefined)
      .finally(() => {
        this.queued[box]--;
      });
    return true;
  }

  /** Disconnect: drop partial messages and their timers, abort the running task, forget subscriptions. */
  close(): void {
    this.closed = true;
    this.request.reset();
    this.ledger.reset();
    this.task?.abort(new Error(`central ${this.central} disconnected`));
    this.task = null;
    this.capabilitiesSub = this.responseSub = this.ledgerSub = null;
  }
}
