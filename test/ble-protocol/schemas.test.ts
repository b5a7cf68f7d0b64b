import { describe, expect, it } from 'vitest';
import {
  capabilitiesSchema,
  decodeJsonMessage,
  encodeJsonMessage,
  FrameError,
  identitySchema,
  LOCAL_CHAR,
  LOCAL_SERVICE,
  ledgerAckSchema,
  ledgerBatchSchema,
  MESH_CHAR,
  MESH_SERVICE,
  meshTaskRequestSchema,
  meshTaskResponseSchema,
  profileOfService,
  toNobleUuid,
} from '../../src/main/ble/protocol/index.js';

const caps = { model: 'qwen2.5-coder-7b', modelParamSize: 7, memoryMB: 16384, batteryPct: 80, currentLoad: 1, deviceType: 'laptop' };

describe('UUIDs', () => {
  it('exports dashed and noble forms of both profiles', () => {
    expect(MESH_SERVICE.dashed).toBe('E0D6EC00-0001-4C3A-9B5E-00ED6EC0DE00');
    expect(MESH_SERVICE.noble).toBe('e0d6ec0000014c3a9b5e00ed6ec0de00');
    expect(MESH_CHAR.ledgerSync.dashed).toBe('E0D6EC00-0006-4C3A-9B5E-00ED6EC0DE00');
    expect(LOCAL_SERVICE.noble).toBe('ec0d0001ec0dec0dec0dec0d0001ec0d');
    expect(LOCAL_CHAR.status.dashed).toBe('EC0D0004-EC0D-EC0D-EC0D-EC0D0001EC0D');
    // The seed's non-standard dashing is the same 128 bits.
    expect(toNobleUuid('EC0D-0001-EC0D-EC0D-EC0D-EC0D0001EC0D')).toBe(LOCAL_SERVICE.noble);
    expect(profileOfService('e0d6ec0000014c3a9b5e00ed6ec0de00')).toBe('mesh');
    expect(profileOfService(LOCAL_SERVICE.dashed)).toBe('local');
    expect(profileOfService('180f')).toBeNull();
  });
});

describe('capabilities', () => {
  it('ignores unknown fields and defaults missing optional ones', () => {
    expect(capabilitiesSchema.parse({ model: 'm', modelParamSize: 1.5, deviceType: 'phone', gpu: 'x' })).toEqual({
      model: 'm',
      modelParamSize: 1.5,
      memoryMB: 0,
      batteryPct: 100,
      currentLoad: 0,
      deviceType: 'phone',
    });
  });
  it('rejects out-of-range values: a swapping peer with load −1 does not look cheaper', () => {
    for (const bad of [{ currentLoad: -1 }, { batteryPct: 101 }, { batteryPct: -3 }, { modelParamSize: -7 }, { deviceType: 'watch' }, { memoryMB: 1.5 }]) {
      expect(capabilitiesSchema.safeParse({ ...caps, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });
  it('decodes peer bytes with typed errors', () => {
    expect(decodeJsonMessage(capabilitiesSchema, Buffer.from(JSON.stringify(caps)), 'caps').deviceType).toBe('laptop');
    const err = (() => {
      try {
        decodeJsonMessage(capabilitiesSchema, Buffer.from('{"model":'), 'caps');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FrameError);
    expect((err as FrameError).code).toBe('bad-json');
    try {
      decodeJsonMessage(capabilitiesSchema, Buffer.from(JSON.stringify({ ...caps, currentLoad: -1 })), 'caps');
    } catch (e) {
      expect((e as FrameError).code).toBe('invalid-message');
      expect((e as FrameError).message).toContain('currentLoad');
    }
  });
});

describe('identity and tasks', () => {
  it('normalises the mesh token hash and requires a public key', () => {
    const id = identitySchema.parse({ agentId: 'a', meshTokenHash: 'ABCDEF0123456789', publicKey: 'k' });
    expect(id.meshTokenHash).toBe('abcdef0123456789');
    expect(identitySchema.safeParse({ agentId: 'a', meshTokenHash: 'abcdef0123456789' }).success).toBe(false);
    expect(identitySchema.safeParse({ agentId: 'a', meshTokenHash: 'not hex!', publicKey: 'k' }).success).toBe(false);
  });
  it('round-trips task request and response with ids', () => {
    const req = encodeJsonMessage(meshTaskRequestSchema, { id: 'req-1', prompt: 'write fizzbuzz' });
    expect(decodeJsonMessage(meshTaskRequestSchema, req, 'req')).toEqual({ id: 'req-1', prompt: 'write fizzbuzz', maxTokens: 512 });
    expect(meshTaskResponseSchema.safeParse({ ok: true, output: 'x' }).success).toBe(false);
    expect(meshTaskRequestSchema.safeParse({ id: 'has space', prompt: '' }).success).toBe(false);
  });
  it('keeps ledger records opaque except txId', () => {
    const batch = ledgerBatchSchema.parse({ batchId: 'b1', transactions: [{ txId: 't1', credits: 3, sig: { a: 1 } }] });
    expect(batch.transactions[0]).toEqual({ txId: 't1', credits: 3, sig: { a: 1 } });
    expect(ledgerBatchSchema.safeParse({ batchId: 'b1', transactions: [{ credits: 3 }] }).success).toBe(false);
    expect(ledgerAckSchema.parse({ batchId: 'b1', accepted: ['t1'] }).rejected).toEqual([]);
  });
});
