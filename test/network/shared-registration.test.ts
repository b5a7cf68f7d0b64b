/**
 * A registration shared by several callers (the swarm worker's 401, the heartbeat) belongs to none of
 * them: one caller's abort ends its own wait only; the registration is cancelled when all have left.
 * Real CoordinatorSession and client against the reference coordinator; the client's register call is
 * held at a door so that the abort happens while it is in flight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/logger.js';
import { AbortedError } from '../../src/main/core/deadline.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { CoordinatorSession } from '../../src/main/coordinator-client/coordinator-session.js';
import { Identity } from '../../src/main/ledger/identity.js';
import { startCoordinator, type RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { seedOf } from '../ledger/fixtures/ledger-fixtures.js';
import { mains, memorySettings, tempDir } from '../worker/swarm-fixture.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(): Promise<{ coordinator: RunningCoordinator; session: CoordinatorSession; client: CoordinatorClient; open: () => void; signals: AbortSignal[] }> {
  const coordinator = await startCoordinator({ dataDir: tempDir('shared-reg'), port: 0, verifyThreads: 0 });
  cleanups.push(() => coordinator.close());
  const client = new CoordinatorClient({ baseUrl: coordinator.url, timeoutMs: 10_000 });
  let open!: () => void;
  const door = new Promise<void>((resolve) => (open = resolve));
  const signals: AbortSignal[] = [];
  const register = client.register.bind(client);
  client.register = async (body, opts) => {
    if (opts?.signal) signals.push(opts.signal);
    await door;
    return register(body, opts);
  };
  const session = new CoordinatorSession({
    client, identity: new Identity(seedOf('shared-reg')), settings: memorySettings(), version: 'test', telemetry: () => mains(), activeModel: () => null, logger: silentLogger,
  });
  return { coordinator, session, client, open, signals };
}

describe('a registration shared by several callers', () => {
  it("one caller's abort ends its own wait; the other's registration and heartbeat go through", async () => {
    const { coordinator, session, client, open } = await setup();
    const swarm = new AbortController();
    const heartbeatCaller = new AbortController();
    const viaSwarm = session.reregister(swarm.signal);
    const viaHeartbeat = session.heartbeat(heartbeatCaller.signal);
    swarm.abort(new Error('the swarm worker stopped'));
    await expect(viaSwarm).rejects.toBeInstanceOf(AbortedError);
    open();
    await expect(viaHeartbeat).resolves.toBeUndefined();
    expect(client.token).toBe(coordinator.meshToken);
  });

  it('is cancelled once every caller has stopped waiting', async () => {
    const { session, open, signals } = await setup();
    const a = new AbortController();
    const b = new AbortController();
    const first = session.reregister(a.signal);
    const second = session.reregister(b.signal);
    a.abort();
    expect(signals[0]?.aborted).toBe(false);
    b.abort();
    expect(signals[0]?.aborted).toBe(true);
    await expect(first).rejects.toBeInstanceOf(AbortedError);
    await expect(second).rejects.toBeInstanceOf(AbortedError);
    open();
  });
});
