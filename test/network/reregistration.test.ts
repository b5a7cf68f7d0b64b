/**
 * A coordinator restarted on a fresh database forgets this agent (and, being fresh, issues a new mesh
 * token): the ledger sync recovers by registering again at once instead of failing until the next
 * heartbeat, and the heartbeat does too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AgentNotRegisteredError, CoordinatorHttpError, CoordinatorUnreachableError, needsRegistration } from '../../src/main/coordinator-client/coordinator-errors.js';
import { bob, makeTx } from '../ledger/fixtures/ledger-fixtures.js';
import { startRunner, type Runner } from './runner-harness.js';

let runner: Runner | null = null;
afterEach(async () => {
  await runner?.stop();
  runner = null;
});

describe('needsRegistration', () => {
  it.each([
    [new AgentNotRegisteredError('/heartbeat', 401, 'mesh_unauthorized', 'agent_not_registered'), true],
    [new CoordinatorHttpError('/credits/ble-sync', 401, 'mesh_unauthorized', 'bad_mesh_token'), true],
    [new CoordinatorHttpError('/credits/ble-sync', 403, 'mesh_unauthorized', null), false],
    [new CoordinatorHttpError('/credits/ble-sync', 500, 'internal', null), false],
    [new CoordinatorUnreachableError('/heartbeat', new Error('ECONNREFUSED')), false],
    [new Error('timed out'), false],
  ])('%s → %s', (err, expected) => {
    expect(needsRegistration(err)).toBe(expected);
  });
});

describe('401 from a coordinator that forgot this agent', () => {
  it('the ledger sync registers again and settles in the same round', async () => {
    runner = await startRunner('bluetooth-local');
    const r = runner;
    await r.clock.advance(0);
    await r.heartbeatSettled();
    expect(r.network.current.state).toBe('online');
    const firstToken = r.settings.read().meshToken;
    expect(firstToken).toBe(r.coordinator.meshToken);

    const peer = bob();
    r.ledger.store.pinPeerKey(peer.agentId, peer.publicKeyHex);
    const fresh = await r.restartCoordinatorFresh();
    expect(fresh.meshToken).not.toBe(firstToken);
    r.ledger.store.recordMany([1, 2, 3].map((i) => makeTx(r.ledger.identity, peer, i)));
    const registersBefore = r.gate.forwarded.get('/register') ?? 0;

    const result = await r.ledger.sync.syncNow();
    expect(result.error).toBeNull();
    expect(result.applied).toBe(3);
    expect(r.gate.forwarded.get('/register')).toBe(registersBefore + 1);
    expect(r.ledger.store.countByState()).toMatchObject({ pending: 0, synced: 3 });
    expect(r.settings.read().meshToken).toBe(fresh.meshToken);
    // The coordinator knows the agent again: the next heartbeat needs no registration.
    expect(fresh.db.prepare('SELECT agent_id FROM agents WHERE agent_id = ?').get(r.ledger.identity.agentId)).toBeTruthy();
    await r.clock.advance(15_000);
    await r.heartbeatSettled();
    expect(r.network.current.state).toBe('online');
    expect(r.gate.forwarded.get('/register')).toBe(registersBefore + 1);
  });

  it('the heartbeat registers again too, and a heartbeat and a sync hitting the 401 together register once', async () => {
    runner = await startRunner('on');
    const r = runner;
    await r.clock.advance(0);
    await r.heartbeatSettled();
    const peer = bob();
    r.ledger.store.pinPeerKey(peer.agentId, peer.publicKeyHex);
    await r.restartCoordinatorFresh();
    r.ledger.store.record(makeTx(r.ledger.identity, peer, 7));
    const registersBefore = r.gate.forwarded.get('/register') ?? 0;
    // Both at once (no clock advance: the sync's own 15 s deadline runs on the same ManualClock).
    const [, synced] = await Promise.all([r.network.checkNow(), r.ledger.sync.syncNow()]);
    expect(synced).toMatchObject({ applied: 1, error: null });
    expect(r.network.current.state).toBe('online');
    expect(r.gate.forwarded.get('/register')).toBe(registersBefore + 1);
    expect(r.mode.current.mode).toBe('on');
  });
});
