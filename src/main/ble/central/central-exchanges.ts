/**
 * The central's request/response exchanges with one peer: mesh tasks (0004 → 0005), ledger batches
 * (0006 with its acknowledgement) and Bluetooth Local prompts (…0002 → …0003). Each exchange checks the
 * central is ready and the peer speaks the right profile, holds a pooled link for its duration and runs
 * under a deadline; a cancelled exchange whose request was written closes its link so a late answer
 * cannot interleave with the next (one still waiting its turn leaves the link to the others).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { withDeadline } from '../../core/deadline.js';
import { localRequestSchema, MESH_CHAR, ledgerBatchSchema, meshTaskRequestSchema } from '../protocol/index.js';
import type { BleProfile, LedgerAck, LedgerBatch, LocalResponse, MeshTaskRequestInput, MeshTaskResponse } from '../protocol/index.js';
import { CentralUnavailableError, PeerNotRoutableError, PeerUnknownError } from './central-errors.js';
import type { CentralState, SendOptions } from './central-types.js';
import type { ConnectionPool } from './connection-pool.js';
import type { PeerLink } from './peer-link.js';
import { SELF_REASON } from './peer-table.js';
import type { PeerTable } from './peer-table.js';

export interface CentralExchangesDeps {
  clock: Clock;
  table: PeerTable;
  pool: ConnectionPool;
  /** The central's current state; exchanges run only when it is `ready`. */
  state: () => CentralState;
  /** Deadline when the caller gives none (default 60 s). */
  defaultTimeoutMs?: number;
  /** Local request ids when the caller gives none. */
  newId?: () => string;
}

export class CentralExchanges {
  constructor(private readonly deps: CentralExchangesDeps) {}

  /** Runs a task on a mesh peer: framed write to 0004, response reassembled from 0005 with the same id. */
  async task(peerId: string, request: MeshTaskRequestInput, opts: SendOptions): Promise<MeshTaskResponse> {
    const req = meshTaskRequestSchema.parse(request);
    return this.exchange(peerId, 'mesh', `task ${req.id}`, opts, async (link, signal, sending) =>
      link.task.run(req.id, () => sending() ?? link.sendFramed(MESH_CHAR.taskRequest.noble, Buffer.from(JSON.stringify(req)), 'task request', signal), signal));
  }

  /** Sends a ledger batch over 0006 and waits for the acknowledgement notification with the same batchId. */
  async ledgerBatch(peerId: string, batch: LedgerBatch, opts: SendOptions): Promise<LedgerAck> {
    const b = ledgerBatchSchema.parse(batch);
    return this.exchange(peerId, 'mesh', `ledger batch ${b.batchId}`, opts, async (link, signal, sending) =>
      link.ledger.run(b.batchId, () => sending() ?? link.sendFramed(MESH_CHAR.ledgerSync.noble, Buffer.from(JSON.stringify(b)), 'ledger batch', signal), signal));
  }

  /** Runs a prompt on a Bluetooth Local iPhone: JSON slices to …0002, response from …0003 matched by id. */
  async localTask(peerId: string, request: { prompt: string; maxTokens?: number; id?: string }, opts: SendOptions): Promise<LocalResponse> {
    const req = localRequestSchema.parse({ ...request, id: request.id ?? (this.deps.newId ?? randomUUID)() });
    return this.exchange(peerId, 'local', `local task ${req.id}`, opts, async (link, signal, sending) =>
      link.local.run(req.id, async () => {
        sending();
        link.expectLocal(req.id);
        await link.sendLocalSlices(Buffer.from(JSON.stringify(req)), signal);
      }, signal));
  }

  private exchange<T>(peerId: string, profile: BleProfile, what: string, opts: SendOptions, run: (link: PeerLink, signal: AbortSignal, sending: () => undefined) => Promise<T>): Promise<T> {
    const state = this.deps.state();
    if (state.kind !== 'ready') return Promise.reject(new CentralUnavailableError(state.kind === 'unavailable' ? state.reason : state.kind));
    const { table, pool } = this.deps;
    const peer = table.get(peerId);
    if (!peer) return Promise.reject(new PeerUnknownError(peerId));
    if (peer.profile !== profile) return Promise.reject(new PeerNotRoutableError(peerId, `speaks the ${peer.profile} profile`));
    if (peer.notRoutableReason === SELF_REASON) return Promise.reject(new PeerNotRoutableError(peerId, SELF_REASON));
    let link: PeerLink | null = null;
    let sent = false;
    const sending = (): undefined => {
      sent = true;
      return undefined;
    };
    return withDeadline(async (signal) => {
      const held = await pool.acquire(peerId, signal);
      link = held;
      try {
        const now = table.get(peerId);
        if (profile === 'mesh' && now?.notRoutableReason?.startsWith('different mesh')) throw new PeerNotRoutableError(peerId, now.notRoutableReason);
        return await run(held, signal, sending);
      } finally {
        pool.unpin(held);
      }
    }, {
      clock: this.deps.clock, ms: opts.timeoutMs ?? this.deps.defaultTimeoutMs ?? 60_000, operation: `${what} on ${peerId}`, signal: opts.signal,
      // A late answer could interleave with the next exchange: start the next one on a fresh link. An
      // exchange cancelled before its request was written (queued behind another one) leaves the link to
      // the exchanges sharing it.
      onCancel: (reason) => {
        if (sent) link?.close(`${what}: ${reason.message}`);
      },
    });
  }
}
