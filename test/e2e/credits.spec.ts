import { expect, test } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { CoordinatorClient } from '../../src/main/coordinator-client/coordinator-client.js';
import { loadOrCreateIdentity } from '../../src/main/ledger/identity.js';
import { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { LedgerStore } from '../../src/main/ledger/ledger-store.js';
import { balancesOf } from '../../src/coordinator/coordinator-db.js';
import { startCoordinator, type RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { registrationOf } from '../support/coordinator-access.js';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

let tmp: string;
let coordinator: RunningCoordinator;
let host: HostProcess | null = null;

test.beforeEach(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-credits-e2e-'));
  coordinator = await startCoordinator({ dataDir: path.join(tmp, 'coordinator'), port: 0 });
});

test.afterEach(async () => {
  await host?.stop();
  await coordinator.close();
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * Two real identities trade three tasks through the dual-signature protocol, each side recording in
 * its own SQLite ledger: the runner earns twice (7B model) and spends once (a phone's 1B model).
 */
async function recordTrades(runnerDir: string, phoneDir: string): Promise<{ runnerId: string; phoneId: string }> {
  const runnerId = loadOrCreateIdentity({ dataDir: runnerDir });
  const phoneId = loadOrCreateIdentity({ dataDir: phoneDir });
  const runner = new LedgerService(runnerId, LedgerStore.open(path.join(runnerDir, 'ledger.db'), { selfId: runnerId.agentId }));
  const phone = new LedgerService(phoneId, LedgerStore.open(path.join(phoneDir, 'ledger.db'), { selfId: phoneId.agentId }));
  const now = Date.now();
  const trade = (requester: LedgerService, provider: LedgerService, cpuSeconds: number, paramSize: number, n: number): void => {
    const intent = requester.createIntent(provider.identity.agentId, sha256(`task-${n}`), now - 60_000 * n, { expiresAt: now - 60_000 * n + 30_000, maxCredits: 100 });
    const checked = provider.checkIntent(intent, requester.identity.agentId, requester.identity.publicKeyHex);
    const tx = provider.complete(checked, requester.identity.publicKeyHex, {
      cpuSeconds,
      providerModelParamSize: paramSize,
      resultHash: sha256(`result-${n}`),
      completedAt: now - 60_000 * n + 5_000,
    });
    // The requester acknowledges the answer (encoding v2) and hands the acknowledgement over, as on 0006.
    provider.store.record(requester.accept(intent, tx, provider.identity.publicKeyHex));
  };
  trade(phone, runner, 2.5, 7, 1);
  trade(phone, runner, 1.5, 7, 2);
  trade(runner, phone, 10, 1, 3);
  runner.store.close();
  phone.store.close();
  // The phone was registered with the coordinator when it was online, so its key is known there.
  await new CoordinatorClient({ baseUrl: coordinator.url }).register(registrationOf(phoneId, { os: 'ios', version: '1', clientType: 'edgecoder-ios' }));
  return { runnerId: runnerId.agentId, phoneId: phoneId.agentId };
}

test('credits recorded offline show in the panel, sync to the coordinator exactly once, and export as CSV', async ({ page }) => {
  const runnerDir = path.join(tmp, 'runner');
  const { runnerId, phoneId } = await recordTrades(runnerDir, path.join(tmp, 'phone'));
  writeFileSync(path.join(runnerDir, 'settings.json'), JSON.stringify({ mode: 'bluetooth-local', coordinatorUrl: coordinator.url }));

  host = await startHostProcess(runnerDir);
  const dash = new DashboardPage(page);
  await dash.open(host.url);
  const credits = dash.panel('credits');
  await expect(credits.getByTestId('credits-earned')).toHaveText('4');
  await expect(credits.getByTestId('credits-spent')).toHaveText('3');
  await expect(credits.getByTestId('credits-last-sync')).toContainText('3 applied, 0 skipped');
  await expect(credits.getByTestId('credits-synced')).toHaveText('7');
  await expect(credits.getByTestId('credits-pending')).toHaveText('0');
  await expect(page.getByTestId('network-status')).toContainText('online');
  await expect(credits.getByTestId('credits-chart')).toHaveAttribute('aria-label', /Credits over time, \d+ points/);
  await expect(credits.getByTestId('credits-peers')).toContainText(phoneId.slice(0, 18));
  await page.screenshot({ path: 'test-results/screenshots/credits.png', fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), credits.getByTestId('credits-export').click()]);
  expect(download.suggestedFilename()).toMatch(/^edgecoder-credits-start-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
  expect(csv[0]).toMatch(/^txId,role,peerId,state,/);
  expect(csv).toHaveLength(4);
  expect(csv.slice(1).every((line) => line.includes(',synced,'))).toBe(true);

  const balances = balancesOf(coordinator.db);
  expect(balances[runnerId]).toEqual({ earnedMicro: 4_000_000, spentMicro: 3_000_000 });
  expect(balances[phoneId]).toEqual({ earnedMicro: 3_000_000, spentMicro: 4_000_000 });
  expect(dash.consoleErrors).toEqual([]);
});
