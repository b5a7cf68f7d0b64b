import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import { registrationOf } from '../support/coordinator-access.js';
import type { RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { alice, bob, makeTx } from './fixtures/ledger-fixtures.js';

const N = 1000;
const fixtures = new URL('./fixtures/', import.meta.url).pathname;

/** Runs a worker; SIGKILLs it when `killWhen(line)` says so. Resolves with its stdout lines and whether it finished. */
function runWorker(script: string, args: string[], killWhen: (line: string) => boolean): Promise<{ lines: string[]; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (killWhen(line)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve({ lines, finished: lines.includes('done') });
      else reject(new Error(`worker exited ${code}: ${stderr}`));
    });
  });
}

let seed = 12345;
const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

describe('crash safety (SIGKILL at random points)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
  const dbPath = join(dir, 'ledger.db');
  const coordinators: RunningCoordinator[] = [];
  afterAll(async () => {
    for (const c of coordinators) await c.close();
  });

  it('recording 1,000 transactions loses no acknowledged one', async () => {
    const acked = new Set<string>();
    let kills = 0;
    for (let round = 0; round < 60; round++) {
      const killAfter = 20 + Math.floor(random() * 250);
      let seen = 0;
      const { lines, finished } = await runWorker('record-worker.ts', [dbPath, String(N)], (l) => l.startsWith('ack') && ++seen === killAfter);
      for (const l of lines) if (l.startsWith('ack ')) acked.add(l.slice(4));
      if (finished) break;
      kills++;
      const check = LedgerStore.open(dbPath, { selfId: alice().agentId });
      const missing = [...acked].filter((id) => !check.has(id));
      check.close();
      expect(missing).toEqual([]);
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    const store = LedgerStore.open(dbPath, { selfId: alice().agentId });
    expect([...acked].filter((id) => !store.has(id))).toEqual([]);
    expect(store.countByState()).toEqual({ pending: N, synced: 0, rejected: 0 });
    expect(store.verifyChain()).toMatchObject({ ok: true, checked: N });
    store.close();
  }, 300_000);

  it('syncing, killed mid-batch again and again, settles each transaction exactly once at the coordinator', async () => {
    const coordDir = mkdtempSync(join(tmpdir(), 'coord-crash-'));
    let c = await startCoordinator({ dataDir: coordDir });
    coordinators.push(c);
    const client = new CoordinatorClient({ baseUrl: c.url });
    for (const id of [alice(), bob()]) {
      await client.register(registrationOf(id));
    }
    let kills = 0;
    let finished = false;
    for (let round = 0; round < 60 && !finished; round++) {
      const killAfter = 1 + Math.floor(random() * 25);
      let seen = 0;
      ({ finished } = await runWorker('sync-worker.ts', [dbPath, c.url, c.meshToken], (l) => l.startsWith('batch') && ++seen === killAfter));
      if (!finished) kills++;
      if (round === 2) {
        // Restart the coordinator mid-way too: dedupe must survive it.
        await c.close();
        c = await startCoordinator({ dataDir: coordDir, port: c.port });
        coordinators.splice(0, 1, c);
      }
    }
    expect(finished).toBe(true);
    expect(kills).toBeGreaterThanOrEqual(3);
    const settled = c.db.prepare('SELECT COUNT(*) AS n, COUNT(DISTINCT tx_id) AS d, SUM(credits_micro) AS m FROM settled').get() as { n: number; d: number; m: number };
    const a = alice();
    const b = bob();
    const expectedMicro = Array.from({ length: N }, (_, i) => Math.round(makeTx(a, b, i).credits * 1e6)).reduce((x, y) => x + y, 0);
    expect(settled).toEqual({ n: N, d: N, m: expectedMicro });
    const store = LedgerStore.open(dbPath, { selfId: a.agentId });
    expect(store.countByState()).toEqual({ pending: 0, synced: N, rejected: 0 });
    expect(store.verifyChain()).toMatchObject({ ok: true, checked: N, events: { ok: true, checked: N } });
    store.close();
  }, 300_000);
});
