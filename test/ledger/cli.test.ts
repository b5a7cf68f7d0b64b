import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { registrationOf } from '../support/coordinator-access.js';
import { createLedger } from '../../src/main/ledger/create-ledger.js';
import { safeStorageSealer } from '../../src/main/ledger/safe-storage-sealer.js';

describe('reference coordinator CLI', () => {
  it('prints exactly one line with URL and token, serves a runner built by createLedger, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coord-cli-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/coordinator/cli.ts', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (l) => {
        lines.push(l);
        resolve(l);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const m = /^Coordinator: (http:\/\/127\.0\.0\.1:\d+) token=(\S+)$/.exec(first);
    expect(m).not.toBeNull();
    // A fake "OS keychain" that really transforms the bytes, standing in for Electron's safeStorage.
    const sealer = safeStorageSealer({ isEncryptionAvailable: () => true, encryptString: (s) => Buffer.from(s, 'utf8').reverse(), decryptString: (b) => Buffer.from(b).reverse().toString('utf8') });
    const client = new CoordinatorClient({ baseUrl: m![1]! });
    const ledger = createLedger({ dataDir: mkdtempSync(join(tmpdir(), 'runner-')), transport: client, clock: systemClock, sealer });
    const reply = await client.register(registrationOf(ledger.identity));
    // The printed token is the operator's (admin operations), not the mesh token agents receive.
    expect(reply.meshToken).not.toBe(m![2]);
    expect((await fetch(`${m![1]}/admin/tasks`, { method: 'POST', headers: { 'x-operator-token': m![2]! }, body: JSON.stringify({ kind: 'code', input: 'x' }) })).status).toBe(200);
    expect((await fetch(`${m![1]}/admin/tasks`, { method: 'POST', headers: { 'x-operator-token': reply.meshToken! }, body: JSON.stringify({ kind: 'code', input: 'x' }) })).status).toBe(401);
    await ledger.sync.start();
    expect(await ledger.sync.syncNow()).toMatchObject({ applied: 0, error: null });
    expect(ledger.service.status()).toMatchObject({ agentId: ledger.identity.agentId, balance: { earned: 0, pendingCount: 0 }, sync: { state: 'offline' } });
    await ledger.close();
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(lines).toHaveLength(1);
  });
});
