/**
 * What paying for a mesh task costs: the same task over the simulated air with and without the ledger
 * (intent signed, checked, countersigned, committed with synchronous=FULL on both sides, receipt and
 * result hash verified), rounds interleaved so both see the same machine load. Twice: on an air with no
 * latency (the overhead in absolute ms, nothing to hide it) and with 7.5 ms one-way per packet, the
 * shortest BLE connection interval (phones use 15–30 ms): the goal applies to the second.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/main/core/clock.js';
import { silentLogger } from '../src/main/core/logger.js';
import { BleCentralService } from '../src/main/ble/central/index.js';
import type { NobleLike } from '../src/main/ble/central/index.js';
import { MeshPeripheralService } from '../src/main/ble/peripheral/index.js';
import { createSimBleno, createSimNoble, installSimulatedHci } from '../src/sim/radio/install-sim.js';
import { SimAir } from '../src/sim/radio/sim-air.js';
import { loadOrCreateIdentity } from '../src/main/ledger/identity.js';
import { LedgerService } from '../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../src/main/ledger/ledger-store.js';
import { paidTaskHandler } from '../src/main/mesh/paid-task-provider.js';
import { requestPaidTask } from '../src/main/mesh/paid-task-requester.js';

const ROUNDS = 60;
const OUTPUT = 'x'.repeat(2048);
const PROMPT = 'p'.repeat(1024);

function ledgerIn(dir: string): LedgerService {
  const identity = loadOrCreateIdentity({ dataDir: dir });
  return new LedgerService(identity, LedgerStore.open(join(dir, 'ledger.db'), { selfId: identity.agentId }));
}

export default async function run(): Promise<Record<string, unknown>> {
  const instant = await measure(0, ROUNDS);
  const realistic = await measure(7.5, 20);
  return {
    noLatency: instant,
    connectionInterval7_5ms: realistic,
    overheadMsPerTask: Number((instant.paidMsPerTask - instant.unpaidMsPerTask).toFixed(2)),
    note: 'on a slow link the cost is the intent and receipt bytes (wireBytes), not the signing; with no latency it is the two fsyncs and ~0.5 ms of Ed25519',
    goal: 'a paid 1 KiB/2 KiB task (sign, check, countersign, two durable commits, verify) ≤ 1.5 × the same unpaid task on a 7.5 ms-interval link',
    met: realistic.paidVsUnpaid <= 1.5 && instant.allRecorded && realistic.allRecorded,
  };
}

/** One paid and one unpaid task per round over the simulated air with `delayMs` one-way latency (also used by the route section). */
export async function measure(delayMs: number, rounds: number) {
  const tmp = mkdtempSync(join(tmpdir(), 'edgecoder-mesh-bench-'));
  const air = new SimAir({ defaultRssi: -50, seed: 5 });
  installSimulatedHci(air);
  const providerLedger = ledgerIn(join(tmp, 'provider'));
  const requesterLedger = ledgerIn(join(tmp, 'requester'));
  const provider = new MeshPeripheralService({
    identity: providerLedger.identity.bleIdentity('bench'),
    capabilities: { model: 'bench-7b', modelParamSize: 7, deviceType: 'laptop' },
    taskHandler: paidTaskHandler({
      ledger: providerLedger, clock: systemClock, requireIntent: false,
      run: async () => ({ ok: true, output: OUTPUT, cpuSeconds: 0.25, durationMs: 1, paramSize: 7 }),
    }),
    bleno: () => createSimBleno(providerController),
    logger: silentLogger,
  });
  const providerController = air.createController();
  const centralController = air.createController();
  air.setLinkQuality(providerController, centralController, { delayMs });
  const central = new BleCentralService({
    nobleFactory: () => createSimNoble(centralController) as unknown as NobleLike,
    clock: systemClock, logger: silentLogger,
  });
  try {
    await provider.start();
    await central.start();
    await central.setScanning(true);
    const providerId = providerLedger.identity.agentId;
    let peer = central.peers().find((p) => p.agentId === providerId && p.routable);
    while (!peer) {
      await new Promise((r) => setTimeout(r, 20));
      peer = central.peers().find((p) => p.agentId === providerId && p.routable);
    }
    await central.setScanning(false);
    const peerId = peer.peerId;
    const send = (request: Parameters<BleCentralService['sendTask']>[1], opts: { timeoutMs?: number }) => central.sendTask(peerId, request, opts);
    const deps = { ledger: requesterLedger, clock: systemClock, newId: randomUUID };
    const who = { agentId: providerId, publicKey: providerLedger.identity.publicKeyHex };
    await send({ id: 'warm', prompt: 'x' }, { timeoutMs: 30_000 });

    let unpaidMs = 0;
    let paidMs = 0;
    const wire = { unpaidRequest: 0, unpaidResponse: 0, paidRequest: 0, paidResponse: 0 };
    const measured = (kind: 'unpaid' | 'paid'): typeof send => async (request, opts) => {
      wire[`${kind}Request`] = JSON.stringify(request).length;
      const response = await send(request, opts);
      wire[`${kind}Response`] = JSON.stringify(response).length;
      return response;
    };
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      const plain = await measured('unpaid')({ id: randomUUID(), prompt: PROMPT, maxTokens: 512 }, { timeoutMs: 60_000 });
      unpaidMs += performance.now() - t;
      t = performance.now();
      const paid = await requestPaidTask(deps, who, { prompt: PROMPT, maxTokens: 512 }, measured('paid'), { timeoutMs: 60_000 });
      paidMs += performance.now() - t;
      if (plain.output !== OUTPUT || paid.output !== OUTPUT) throw new Error('wrong output');
    }
    const recorded = { provider: providerLedger.store.countByState().pending, requester: requesterLedger.store.countByState().pending };
    return {
      delayMs, rounds, promptBytes: PROMPT.length, outputBytes: OUTPUT.length,
      unpaidMsPerTask: Number((unpaidMs / rounds).toFixed(2)),
      paidMsPerTask: Number((paidMs / rounds).toFixed(2)),
      paidVsUnpaid: Number((paidMs / unpaidMs).toFixed(3)),
      wireBytes: wire,
      allRecorded: recorded.provider === rounds && recorded.requester === rounds,
    };
  } finally {
    await central.stop();
    await provider.stop();
    providerLedger.store.close();
    requesterLedger.store.close();
    air.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
