/**
 * The central half of a virtual mesh device: its own noble on its own controller, started on first use,
 * connected only for the length of a request (a held link keeps a bleno peripheral from serving anyone
 * else), scanning only while it looks for the provider. It asks for work the way a phone running the EdgeCoder
 * agent would: a signed intent out, a verified receipt back (src/main/mesh/paid-task-requester.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../main/core/clock.js';
import { systemClock } from '../../main/core/clock.js';
import { withDeadline } from '../../main/core/deadline.js';
import type { Logger } from '../../main/core/logger.js';
import { silentLogger } from '../../main/core/logger.js';
import type { LedgerService } from '../../main/ledger/ledger-service.js';
import { deliverAck } from '../../main/mesh/ack-delivery.js';
import { requestPaidTask } from '../../main/mesh/paid-task-requester.js';
import type { PaidTask, PaidTaskResult } from '../../main/mesh/paid-task-requester.js';
import { BleCentralService } from '../../main/ble/central/index.js';
import type { NobleLike, PeerRecord } from '../../main/ble/central/index.js';
import { createSimNoble } from '../radio/install-sim.js';
import type { SimAir } from '../radio/sim-air.js';

export interface SimRequesterOptions {
  air: SimAir;
  ledger: LedgerService;
  meshTokenHash: string;
  /** This device's RSSI as seen by others (the same as its peripheral's). */
  rssi?: number;
  clock?: Clock;
  logger?: Logger;
}

export class SimRequester {
  private central: BleCentralService | null = null;
  private busy = false;
  private readonly clock: Clock;

  constructor(private readonly o: SimRequesterOptions) {
    this.clock = o.clock ?? systemClock;
  }

  /** Finds `providerAgentId` on the air, sends it a paid task and returns the verified result. */
  async request(providerAgentId: string, task: PaidTask, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<PaidTaskResult> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    return withDeadline(async (signal) => {
      if (this.busy) throw new Error('one request at a time per virtual device');
      this.busy = true;
      let central: BleCentralService | null = null;
      try {
        central = await this.ensureCentral();
        const peer = await this.find(central, providerAgentId, signal);
        const c = central;
        const result = await requestPaidTask(
          { ledger: this.o.ledger, clock: this.clock, newId: randomUUID },
          { agentId: providerAgentId, publicKey: peer.publicKey },
          task,
          (request, sendOpts) => c.sendTask(peer.peerId, request, { ...sendOpts, signal }),
          { timeoutMs },
        );
        // Encoding v2: the answer arrived, so the provider gets the acknowledgement (best effort).
        await deliverAck((batch, o) => c.sendLedgerBatch(peer.peerId, batch, { ...o, signal }), result.tx).catch(() => undefined);
        return result;
      } finally {
        this.busy = false;
        // Identifying the provider may have connected to other devices too: hold none of them.
        for (const p of central?.peers() ?? []) if (p.link === 'connected') central?.release(p.peerId, 'request done');
      }
    }, { clock: this.clock, ms: timeoutMs, operation: `sim.request ${providerAgentId}`, ...(opts.signal ? { signal: opts.signal } : {}) });
  }

  async stop(): Promise<void> {
    await this.central?.stop();
    this.central = null;
  }

  private async ensureCentral(): Promise<BleCentralService> {
    if (this.central) return this.central;
    const controller = this.o.air.createController();
    if (this.o.rssi !== undefined) this.o.air.setDeviceRssi(controller.address, this.o.rssi);
    const central = new BleCentralService({
      nobleFactory: () => createSimNoble(controller) as unknown as NobleLike,
      clock: this.clock,
      logger: this.o.logger ?? silentLogger,
      meshTokenHash: this.o.meshTokenHash,
      maxConnections: 1,
    });
    this.central = central;
    await central.start();
    return central;
  }

  /** Scans until the provider is identified (its public key read), then stops scanning. */
  private async find(central: BleCentralService, agentId: string, signal: AbortSignal): Promise<PeerRecord & { publicKey: string }> {
    const match = (): (PeerRecord & { publicKey: string }) | null =>
      (central.peers().find((p) => p.agentId === agentId && p.publicKey !== null && p.routable) as (PeerRecord & { publicKey: string }) | undefined) ?? null;
    const known = match();
    if (known) return known;
    await central.setScanning(true);
    try {
      return await new Promise((resolve, reject) => {
        const done = (): void => {
          unsubscribe();
          signal.removeEventListener('abort', onAbort);
        };
        const onAbort = (): void => {
          done();
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        const unsubscribe = central.onPeerChange(() => {
          const found = match();
          if (!found) return;
          done();
          resolve(found);
        });
        signal.addEventListener('abort', onAbort, { once: true });
        const found = match();
        if (found) {
          done();
          resolve(found);
        }
      });
    } finally {
      await central.setScanning(false);
    }
  }
}
