/**
 * After a sync the runner reads back from the real reference coordinator what was settled in its name:
 * a charge it had given up on (settled from the provider's copy) becomes spent and is announced; work it
 * provided gains the acknowledgement the requester sent the coordinator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readBackChargeLine } from '../../src/main/app/readback-notes.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { ManualClock } from '../../src/main/core/clock.js';
import { createLedger } from '../../src/main/ledger/create-ledger.js';
import type { Ledger } from '../../src/main/ledger/create-ledger.js';
import type { ReadBackCharge } from '../../src/main/ledger/settled-readback.js';
import { countersign, createSignedIntent } from '../../src/main/ledger/tx-protocol.js';
import { sha256Hex } from './fixtures/ledger-fixtures.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(): Promise<{ coordinator: RunningCoordinator; requester: Ledger; provider: Ledger }> {
  const coordinator = await startCoordinator({ dataDir: mkdtempSync(join(tmpdir(), 'coord-rb-')), verifyThreads: 0 });
  cleanups.push(() => coordinator.close());
  const clock = new ManualClock(1_798_761_600_000);
  const open = (label: string): Ledger => {
    const l = createLedger({ dataDir: mkdtempSync(join(tmpdir(), `rb-${label}-`)), clock, transport: new CoordinatorClient({ baseUrl: coordinator.url, meshToken: coordinator.meshToken, operatorToken: coordinator.operatorToken, clock }) });
    cleanups.push(() => l.close());
    return l;
  };
  const requester = open('requester');
  const provider = open('provider');
  requester.store.pinPeerKey(provider.identity.agentId, provider.identity.publicKeyHex);
  provider.store.pinPeerKey(requester.identity.agentId, requester.identity.publicKeyHex);
  for (const l of [requester, provider]) await l.sync.start();
  return { coordinator, requester, provider };
}
const chargesOnce = (l: Ledger): Promise<ReadBackCharge[]> => new Promise((resolve) => {
  const off = l.readback!.onCharges((c) => {
    off();
    resolve(c);
  });
});

describe('reading back what the coordinator settled', () => {
  it('a charge the requester had given up on (settled from the provider\'s v1 copy) shows as spent, with why', async () => {
    const { requester, provider } = await world();
    const t0 = 1_798_761_600_000;
    // A transaction from before v2: the provider finished, the requester timed out and never recorded it.
    const intent = createSignedIntent(requester.identity, { providerId: provider.identity.agentId, taskHash: sha256Hex('t'), issuedAt: t0, txId: 'gave-up-1' });
    requester.service.noteAbandoned(intent, new Error('request on sim-phone-2 timed out after 60000 ms'), t0 + 60_000);
    const tx = countersign(provider.identity, intent, requester.identity.publicKey, { cpuSeconds: 3, providerModelParamSize: 7, resultHash: sha256Hex('r'), completedAt: t0 + 61_000 });
    provider.store.record(tx);
    expect((await provider.sync.syncNow()).applied).toBe(1);
    expect(requester.service.status().balance.spent).toBe(0);

    const announced = chargesOnce(requester);
    await requester.sync.syncNow();
    expect(await announced).toEqual([{ txId: 'gave-up-1', providerId: provider.identity.agentId, credits: 3, gaveUp: 'timed out' }]);
    expect(requester.service.status().balance).toMatchObject({ spent: 3, synced: 3, syncedCount: 1 });
    expect(requester.store.get('gave-up-1')).toMatchObject({ role: 'requester', state: 'synced', source: 'readback' });
    expect(requester.store.verifyChain().ok).toBe(true);
    // Read once: the cursor moved on.
    await requester.readback!.whenIdle();
    expect((await requester.readback!.run()).read).toBe(0);
  });

  it('work provided whose acknowledgement never reached the provider: the requester\'s copy settles it, and the provider reads the acknowledgement back', async () => {
    const { coordinator, requester, provider } = await world();
    const t0 = 1_798_761_600_000;
    const intent = requester.service.createIntent(provider.identity.agentId, sha256Hex('t2'), t0, { expiresAt: t0 + 60_000, maxCredits: 10 });
    const checked = provider.service.checkIntent(intent, requester.identity.agentId, requester.identity.publicKeyHex);
    const tx = provider.service.complete(checked, requester.identity.publicKeyHex, { cpuSeconds: 2, providerModelParamSize: 7, resultHash: sha256Hex('out'), completedAt: t0 + 5_000 });
    requester.service.accept(intent, tx, provider.identity.publicKeyHex); // answer arrived; the ack did not reach the provider
    expect(provider.service.unacknowledged()).toMatchObject([{ peerId: requester.identity.agentId, count: 1, credits: 2 }]);

    expect((await requester.sync.syncNow()).applied).toBe(1);
    expect((await provider.sync.syncNow()).applied).toBe(0); // nothing settleable on its side yet
    await provider.readback!.whenIdle(); // the read-back that follows each sync
    expect(provider.readback!.lastResult).toMatchObject({ acknowledged: 1, confirmed: 1, charges: [] });
    expect(provider.service.unacknowledged()).toEqual([]);
    expect(provider.store.get(tx.txId)).toMatchObject({ state: 'synced', tx: { requesterAck: expect.stringMatching(/^[0-9a-f]{128}$/) } });
    expect(coordinator.db.prepare('SELECT COUNT(*) FROM settled').pluck().get()).toBe(1);
  });

  it('words the Activity line as the user reads it', () => {
    const charge: ReadBackCharge = { txId: 'x', providerId: 'ec-1', credits: 3, gaveUp: 'timed out' };
    expect(readBackChargeLine(charge, 'sim-phone-2').text).toBe('Charged by sim-phone-2 for a request that timed out: 3 credits, settled by the coordinator (now counted as spent).');
    expect(readBackChargeLine({ ...charge, gaveUp: null }, 'sim-phone-2').text).toMatch(/^Charged by sim-phone-2 for a request this computer has no answer for/);
  });
});
