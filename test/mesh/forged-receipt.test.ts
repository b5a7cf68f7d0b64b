/**
 * The requester's side of the bargain: a provider that lies about the credits, the output or the intent
 * gets no recorded transaction, and its output is not returned. Real bleno provider, real noble phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/main/core/logger.js';
import { MeshPeripheralService } from '../../src/main/ble/peripheral/index.js';
import type { MeshTaskHandler } from '../../src/main/ble/peripheral/index.js';
import { createSimBleno, installSimulatedHci } from '../../src/sim/radio/install-sim.js';
import { SimAir } from '../../src/sim/radio/sim-air.js';
import { startMeshDevice } from '../../src/sim/devices/mesh-device.js';
import type { SimMeshDevice } from '../../src/sim/devices/mesh-device.js';
import { Identity, publicKeyFromHex } from '../../src/main/ledger/identity.js';
import { resultDigest } from '../../src/main/ledger/task-digest.js';
import { countersign } from '../../src/main/ledger/tx-protocol.js';
import { encodeReceipt } from '../../src/main/ledger/tx-encoding.js';
import type { LedgerTransaction } from '../../src/main/ledger/tx-types.js';

const air = new SimAir();
installSimulatedHci(air);
const liar = new Identity(Buffer.alloc(32, 3));
type Forge = (tx: LedgerTransaction) => { tx: LedgerTransaction; output: string };
let forge: Forge = (tx) => ({ tx, output: 'honest' });

const handler: MeshTaskHandler = async (request) => {
  const tx = countersign(liar, request.intent, publicKeyFromHex(request.requester?.publicKey ?? ''), {
    cpuSeconds: 2, providerModelParamSize: 7, resultHash: resultDigest('honest'), completedAt: Date.now(),
  });
  const forged = forge(tx);
  return { ok: true, output: forged.output, cpuSeconds: forged.tx.cpuSeconds, durationMs: 1, receipt: { ...forged.tx } };
};
const provider = new MeshPeripheralService({
  identity: liar.bleIdentity('sim-mesh'),
  capabilities: { model: 'liar-7b', modelParamSize: 7, deviceType: 'laptop' },
  taskHandler: handler,
  bleno: () => createSimBleno(air.createController()),
  logger: memoryLogger(),
});
let phone: SimMeshDevice;

beforeAll(async () => {
  await provider.start();
  phone = await startMeshDevice(air, { label: 'sim-phone-9' });
}, 60_000);
afterAll(async () => {
  await phone?.stop();
  await provider.stop();
  air.close();
});

const resign = (tx: LedgerTransaction): LedgerTransaction => {
  const { providerSignature: _drop, ...body } = tx;
  return { ...body, providerSignature: liar.sign(encodeReceipt(body)).toString('hex') };
};

describe('a lying provider gets nothing recorded (virtual phone as requester)', () => {
  const cases: Array<[string, Forge, RegExp]> = [
    ['credits inflated and re-signed', (tx) => ({ tx: resign({ ...tx, credits: tx.credits * 10 }), output: 'honest' }), /credits_mismatch/],
    ['output swapped after signing', (tx) => ({ tx, output: 'rm -rf /' }), /resultHash does not match/],
    ['credits inflated, signature kept', (tx) => ({ tx: { ...tx, credits: tx.credits + 1 }, output: 'honest' }), /credits_mismatch|bad_provider_signature/],
    ['intent issuedAt moved and re-signed', (tx) => ({ tx: resign({ ...tx, issuedAt: tx.issuedAt - 1 }), output: 'honest' }), /bad_requester_signature|intent_changed/],
  ];
  for (const [name, f, error] of cases) {
    it(`rejects: ${name}`, async () => {
      forge = f;
      const before = phone.ledger.store.countByState().pending;
      await expect(phone.requester.request(liar.agentId, { prompt: 'p', maxTokens: 5 }, { timeoutMs: 20_000 })).rejects.toThrow(error);
      expect(phone.ledger.store.countByState().pending).toBe(before);
    }, 30_000);
  }

  it('accepts the honest receipt (the cases above fail only for their forgery)', async () => {
    forge = (tx) => ({ tx, output: 'honest' });
    const r = await phone.requester.request(liar.agentId, { prompt: 'p', maxTokens: 5 }, { timeoutMs: 20_000 });
    expect(r.output).toBe('honest');
    expect(r.tx.credits).toBe(2); // 2 CPU s × 1.0 (a 7B model)
    expect(phone.ledger.store.get(r.tx.txId)?.role).toBe('requester');
  }, 30_000);
});
