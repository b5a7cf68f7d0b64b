/**
 * "Finished, then lost" (issue 16, item 1), on the real stacks: this computer's noble central and
 * request router, two nearby agents (real bleno on the simulated air, their paid-task handlers running
 * real llama.cpp on the tiny model, each with its own SQLite ledger), and the real reference coordinator.
 * The first device finishes the task and records its countersigned transaction, then its link drops
 * before the answer arrives; the router fails over and the second device serves. Everybody syncs, and at
 * the coordinator the requester is charged once: counted in the coordinator's settled rows.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import type { NobleLike, PeerRecord } from '../../src/main/ble/central/index.js';
import { MeshPeripheralService } from '../../src/main/ble/peripheral/index.js';
import { SIM_MESH_TOKEN_HASH } from '../../src/sim/devices/mesh-device.js';
import { createSimBleno, createSimNoble, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import type { VirtualController } from '../../src/sim/radio/virtual-controller.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { systemClock } from '../../src/main/core/clock.js';
import { withDeadline } from '../../src/main/core/deadline.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { LedgerSyncEngine } from '../../src/main/ledger/sync-engine.js';
import { toBleSyncTransaction } from '../../src/main/ledger/tx-types.js';
import type { SignedIntent } from '../../src/main/ledger/tx-types.js';
import { ledgerBatchHandler } from '../../src/main/mesh/ledger-batch-handler.js';
import { paidTaskHandler } from '../../src/main/mesh/paid-task-provider.js';
import { meshPeerExecutor } from '../../src/main/routing/mesh-peer-executor.js';
import { RequestRouter } from '../../src/main/routing/request-router.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { rankOver } from '../routing/router-world.js';
import { tempDir } from '../support/temp-dir.js';

const air = new SimAir();
installSimulatedHci(air);
const tmp = tempDir('edgecoder-lost-');
const agent = (label: string): LedgerService => {
  const id = new Identity(Buffer.alloc(32, label.length + label.charCodeAt(label.length - 1)));
  return new LedgerService(id, LedgerStore.open(`${tmp.dir}/${label}.db`, { selfId: id.agentId }));
};
const me = agent('me');
const first = agent('first-laptop');
const second = agent('second-phone');
const centralRadio = air.createController();
const central = new BleCentralService({
  nobleFactory: () => createSimNoble(centralRadio) as unknown as NobleLike,
  clock: systemClock, logger: memoryLogger(), meshTokenHash: SIM_MESH_TOKEN_HASH, selfAgentId: me.identity.agentId,
});
let engine: InferenceEngine;
let coordinator: RunningCoordinator;
let loseNextAnswer = false;
const intents: SignedIntent[] = [];
let onSecondAcknowledged: () => void = () => undefined;
const secondAcknowledged = new Promise<void>((resolve) => (onSecondAcknowledged = resolve));

/** A nearby agent as the app is one: paid-task handler over real llama.cpp, 0006 recording acknowledgements. */
function provider(ledger: LedgerService, radio: VirtualController, o: { paramSize: number; deviceType: 'laptop' | 'phone' }): MeshPeripheralService {
  const books: Pick<LedgerService, 'checkIntent' | 'complete'> = {
    checkIntent: (...a) => {
      const intent = ledger.checkIntent(...a);
      intents.push(intent);
      return intent;
    },
    complete: (...a) => {
      const tx = ledger.complete(...a); // on disk: the work is finished and countersigned
      if (loseNextAnswer && ledger === first) {
        loseNextAnswer = false;
        air.dropLink(centralRadio, radio); // ...and the link drops before the answer leaves
      }
      return tx;
    },
  };
  return new MeshPeripheralService({
    identity: ledger.identity.bleIdentity('sim-mesh'),
    capabilities: { model: 'alphabet-tiny', modelParamSize: o.paramSize, deviceType: o.deviceType, batteryPct: 100, currentLoad: 0, memoryMB: 8000 },
    taskHandler: paidTaskHandler({
      ledger: books, clock: systemClock, requireIntent: true,
      run: async (request, ctx) => {
        const r = await engine.run({ prompt: request.prompt }, { maxTokens: request.maxTokens, signal: ctx.signal });
        return { ok: true, output: r.output, cpuSeconds: r.cpuSeconds, durationMs: r.durationMs, paramSize: o.paramSize, aborted: r.aborted };
      },
    }),
    ledgerHandler: ledgerBatchHandler({ identity: ledger.identity, store: ledger.store, onAcknowledged: () => ledger === second && onSecondAcknowledged() }),
    bleno: () => createSimBleno(radio),
    name: `EdgeCoder ${o.deviceType}`,
    logger: memoryLogger(),
  });
}
const firstRadio = air.createController();
const secondRadio = air.createController();
const providers = [provider(first, firstRadio, { paramSize: 7, deviceType: 'laptop' }), provider(second, secondRadio, { paramSize: 1.5, deviceType: 'phone' })];

async function syncToCoordinator(ledger: LedgerService): Promise<void> {
  const engineFor = new LedgerSyncEngine({
    store: ledger.store, clock: systemClock, selfPublicKeyHex: ledger.identity.publicKeyHex,
    transport: new CoordinatorClient({ baseUrl: coordinator.url, meshToken: coordinator.meshToken, operatorToken: coordinator.operatorToken, clock: systemClock }),
  });
  await engineFor.start();
  try {
    expect((await engineFor.syncNow()).error).toBeNull();
  } finally {
    await engineFor.stop();
  }
}
const chargedAtCoordinator = (requesterId: string): Array<{ tx_id: string; provider_id: string }> =>
  coordinator.db.prepare('SELECT tx_id, provider_id FROM settled WHERE requester_id = ? ORDER BY seq').all(requesterId) as Array<{ tx_id: string; provider_id: string }>;

beforeAll(async () => {
  engine = testEngine({ modelPath: (await testModels()).tiny });
  await engine.start();
  coordinator = await startCoordinator({ dataDir: `${tmp.dir}/coordinator`, verifyThreads: 0 });
  for (const p of providers) await p.start();
  await central.start();
  await central.setScanning(true);
  await withDeadline(new Promise<void>((resolve) => {
    const check = (): void => {
      if (central.peers().filter((p) => p.identifiedAt !== null && p.routable).length < 2) return;
      off();
      resolve();
    };
    const off = central.onPeerChange(check);
    check();
  }), { clock: systemClock, ms: 30_000, operation: 'waiting for two identified devices' });
}, 120_000);
afterAll(async () => {
  await central.stop();
  for (const p of providers) await p.stop();
  await engine?.stop();
  await coordinator?.close();
  for (const l of [me, first, second]) l.store.close();
  air.close();
  tmp.cleanup();
});

describe('finished, then lost: the requester is charged once at the coordinator', () => {
  it('the first device finishes and loses the answer on the way, the second serves; one settled charge, and the first holds unacknowledged work', async () => {
    const ours = (p: PeerRecord): boolean => p.agentId === first.identity.agentId || p.agentId === second.identity.agentId;
    const router = new RequestRouter({
      rank: rankOver(central, ours), bluetoothSearching: () => false, onCandidatesChanged: (l) => central.onPeerChange(l),
      executors: { mesh: meshPeerExecutor({ central, requester: { ledger: me, clock: systemClock, newId: randomUUID } }) },
      clock: systemClock, newId: randomUUID,
    });
    loseNextAnswer = true;
    const running = router.run({ input: { prompt: 'uvw' }, maxTokens: 20, model: 'auto', source: 'local-api', timeoutMs: 30_000 });
    // The router takes its start time when called: its deadline is at most this instant + 30 s.
    const routeStart = Date.now();
    const out = await running;
    expect(out.output).toBe('xyz');
    expect(out.attempts.map((a) => a.outcome)).toEqual(['link-lost', 'served']);
    expect(loseNextAnswer).toBe(false);
    // Each attempt's intent is v2 and expires no later than the router's deadline for that attempt
    // (here the request's 30 s overall deadline, shorter than the 60 s per-attempt limit).
    expect(intents.map((i) => i.version)).toEqual([2, 2]);
    for (const i of intents) expect(i.expiresAt).toBeLessThanOrEqual(routeStart + 30_000);
    expect(intents[1]!.expiresAt).toBeLessThanOrEqual(intents[0]!.expiresAt!);

    // The first device did the work and holds its countersigned transaction, but no acknowledgement.
    const lost = first.store.pending(10);
    expect(lost).toEqual([]);
    expect(first.unacknowledged()).toMatchObject([{ peerId: me.identity.agentId, count: 1 }]);
    const unacked = first.store.db.prepare('SELECT tx_id FROM transactions').pluck().all() as string[];
    expect(unacked).toHaveLength(1);
    // The second device got the acknowledgement over 0006 (best effort, after the answer).
    await withDeadline(secondAcknowledged, { clock: systemClock, ms: 10_000, operation: 'acknowledgement reaching the second device' });
    expect(second.store.pending(10)).toHaveLength(1);

    for (const l of [first, second, me]) await syncToCoordinator(l);
    // Even submitted by hand, the first device's copy does not settle: the answer never arrived.
    const held = first.store.get(unacked[0]!)!.tx;
    const reply = await new CoordinatorClient({ baseUrl: coordinator.url, meshToken: coordinator.meshToken, operatorToken: coordinator.operatorToken }).bleSync({
      transactions: [toBleSyncTransaction(held, { requesterPublicKey: me.identity.publicKeyHex, providerPublicKey: first.identity.publicKeyHex })],
    });
    expect(reply.reasons).toEqual({ [held.txId]: 'unacknowledged' });

    const charges = chargedAtCoordinator(me.identity.agentId);
    expect(charges.map((c) => c.provider_id)).toEqual([second.identity.agentId]);
    expect(me.store.pending(10)).toEqual([]);
    expect(me.status().balance).toMatchObject({ spent: out.credits, syncedCount: 1 });
  }, 120_000);
});
