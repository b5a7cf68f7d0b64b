import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { balancesOf } from '../../src/coordinator/coordinator-db.js';
import { startCoordinator, type RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { deriveAgentId } from '../../src/main/ledger/identity.js';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

let tmp: string;
let coordinator: RunningCoordinator;
let host: HostProcess | null = null;

test.beforeEach(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-mesh-e2e-'));
  coordinator = await startCoordinator({ dataDir: path.join(tmp, 'coordinator'), port: 0 });
});
test.afterEach(async () => {
  await host?.stop();
  await coordinator.close();
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * The whole product on one machine: a virtual phone on the simulated air asks this computer for work
 * every second; it runs on real llama.cpp with the tiny model, both sides sign, the runner records it
 * and syncs it to the reference coordinator, which settles it although the phone never registered.
 */
test('a virtual phone pays for work over Bluetooth; the credits reach the panel and the coordinator', async ({ page }) => {
  test.setTimeout(120_000);
  const models = await ensureTestModels(['tiny']);
  const runnerDir = path.join(tmp, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  writeFileSync(path.join(runnerDir, 'settings.json'), JSON.stringify({ mode: 'bluetooth-local', coordinatorUrl: coordinator.url }));
  host = await startHostProcess(runnerDir, ['--sim', '--sim-phones', '1', '--sim-laptops', '0', '--sim-iphones', '0', '--sim-task-every', '1', '--threads', '1']);
  const runnerId = deriveAgentId((JSON.parse(readFileSync(path.join(runnerDir, 'identity.json'), 'utf8')) as { publicKey: string }).publicKey);

  const dash = new DashboardPage(page);
  await dash.open(host.url);
  const activity = dash.panel('activity');
  // No model yet: the phone's tasks are refused, and nothing is recorded.
  await expect(activity).toContainText('was not served: not taking work now: No local model is active', { timeout: 30_000 });
  await expect(dash.panel('credits').getByTestId('credits-earned')).toHaveText('0');

  const panel = dash.panel('model');
  await panel.getByTestId('model-add-path').fill(models.tiny);
  await panel.getByTestId('model-add-submit').click();
  await panel.getByTestId('model-row-alphabet-tiny.gguf').getByTestId('model-use').click();
  await expect(panel.getByTestId('model-active-state')).toHaveText('ready', { timeout: 60_000 });

  await expect(activity).toContainText(/Served a task for EdgeCoder sim-phone-1 \(ec-[0-9a-f]{8}…\) over Bluetooth: \+[\d.]+ credits/, { timeout: 30_000 });
  const credits = dash.panel('credits');
  await expect(credits.getByTestId('credits-last-sync')).toContainText(/[1-9]\d* applied/, { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screenshots/mesh-credits.png', fullPage: true });

  const balances = balancesOf(coordinator.db);
  expect(balances[runnerId]?.earnedMicro).toBeGreaterThan(0);
  const phones = Object.keys(balances).filter((id) => id !== runnerId);
  expect(phones).toHaveLength(1);
  expect(balances[phones[0]!]).toEqual({ earnedMicro: 0, spentMicro: balances[runnerId]?.earnedMicro });
  expect(dash.consoleErrors).toEqual([]);
});
