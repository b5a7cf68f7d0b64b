import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCoordinator, type RunningCoordinator } from '../../src/coordinator/coordinator-server.js';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';
import { WorkerPage } from './worker-page.js';

let tmp: string;
let coordinator: RunningCoordinator;
let host: HostProcess | null = null;

test.beforeEach(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-worker-e2e-'));
  coordinator = await startCoordinator({ dataDir: path.join(tmp, 'coordinator'), port: 0 });
  const runnerDir = path.join(tmp, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  writeFileSync(path.join(runnerDir, 'settings.json'), JSON.stringify({ mode: 'on', coordinatorUrl: coordinator.url }));
  host = await startHostProcess(runnerDir, ['--sim', '--sim-phones', '1', '--sim-iphones', '1', '--sim-laptops', '0']);
});

test.afterEach(async () => {
  await host?.stop();
  await coordinator.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('snooze with a countdown, resume; cut and restore the network from the Simulator panel with toasts; Activity filters; a device battery change', async ({ page }) => {
  test.setTimeout(120_000);
  const dash = new DashboardPage(page);
  const worker = new WorkerPage(page);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await dash.open(host?.url ?? '');

  // On, online, no model: paused for that reason, with the way out next to it.
  await expect(page.getByTestId('network-status')).toContainText('online', { timeout: 30_000 });
  await expect(page.getByTestId('heartbeat-timeline')).toHaveAttribute('aria-label', /^last (heartbeat|\d+ heartbeats): \d+ answered, 0 failed$/);
  await expect(worker.title).toHaveText('Worker paused');
  await expect(worker.banner.locator('[data-reason="no_model"]')).toContainText('No local model');
  await worker.banner.getByTestId('reason-choose-model').click();
  await expect(dash.panel('model')).toBeFocused();

  // Snooze 15 minutes from the keyboard: the banner says so and counts down once a second.
  await worker.snoozeWithKeyboard(0);
  await expect(worker.title).toHaveText('Worker snoozed');
  await expect(worker.countdown).toHaveText(/^1[45]:[0-5]\d left$/);
  const first = await worker.countdown.textContent();
  await expect(worker.countdown).not.toHaveText(first ?? '');
  await expect(worker.countdown).toHaveAttribute('aria-label', /^1[45] minutes( \d+ seconds?)? left$|^\d+ minutes \d+ seconds left$/);
  await expect(worker.banner.locator('[data-reason="snoozed"]')).toContainText('Snoozed until');
  await page.screenshot({ path: 'test-results/screenshots/worker-snoozed.png', fullPage: true });
  await worker.banner.getByTestId('resume-button').click();
  await expect(worker.title).toHaveText('Worker paused');
  await expect(worker.countdown).toHaveCount(0);
  await expect(worker.banner.locator('[data-reason="no_model"]')).toHaveCount(1);

  // Cut the network: the runner falls back to Bluetooth Local and says so in a toast.
  await expect(worker.simulator.getByTestId('sim-network-state')).toContainText('up');
  await worker.simulator.getByTestId('sim-network-toggle').click();
  await expect(worker.simulator.getByTestId('sim-network-state')).toContainText('cut');
  await expect(dash.modeButton('bluetooth-local')).toHaveAttribute('aria-checked', 'true', { timeout: 30_000 });
  await expect(worker.toast('Coordinator unreachable')).toBeVisible();
  await expect(page.getByTestId('toasts')).toHaveAttribute('role', 'status');
  await expect(page.getByTestId('heartbeat-timeline')).toHaveAttribute('aria-label', /[1-9]\d* failed$/);
  await page.screenshot({ path: 'test-results/screenshots/worker-network-cut.png', fullPage: true });
  await worker.toast('Coordinator unreachable').getByTestId('toast-close').click();
  await expect(worker.toast('Coordinator unreachable')).toHaveCount(0);

  // Restore it: a toast says the coordinator is back; the mode stays Bluetooth Local.
  await worker.simulator.getByTestId('sim-network-toggle').click();
  await expect(worker.toast('Coordinator reachable again')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('network-status')).toContainText('online');
  await expect(dash.modeButton('bluetooth-local')).toHaveAttribute('aria-checked', 'true');

  // Activity, network only: both notices, and nothing of another kind.
  await worker.filterActivity('network');
  const entries = dash.panel('activity').getByTestId('activity-entry');
  await expect(entries.filter({ hasText: 'Coordinator unreachable' })).toHaveCount(1);
  await expect(entries.filter({ hasText: 'Coordinator reachable again' })).toHaveCount(1);
  const kinds = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  expect(new Set(kinds)).toEqual(new Set(['network']));
  await expect(dash.panel('activity').getByTestId('activity-count')).toHaveText(/^\d+ of \d+$/);
  await page.screenshot({ path: 'test-results/screenshots/worker-activity-network.png', fullPage: true });
  await page.getByTestId('activity-filter-all').click();
  await expect(entries.filter({ hasText: 'Mode changed to bluetooth-local' })).toHaveCount(1);

  // A device's battery changed in the Simulator panel reaches the Nearby devices row; bad input is refused inline.
  const phoneRow = dash.panel('nearby').getByTestId('peer-row').filter({ hasText: 'sim-phone-1' });
  await expect(phoneRow).toBeVisible({ timeout: 30_000 });
  const simPhone = worker.simDevice('sim-phone-1');
  await simPhone.getByTestId('sim-batteryPct').fill('140');
  await simPhone.getByTestId('sim-apply').click();
  await expect(worker.simulator.getByTestId('sim-device-error')).toContainText('Battery: must be a whole percent from 0 to 100');
  await simPhone.getByTestId('sim-batteryPct').fill('23');
  await simPhone.getByTestId('sim-apply').click();
  await expect(worker.simulator.getByTestId('sim-device-error')).toHaveCount(0);
  await expect(phoneRow).toContainText('23%', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screenshots/worker-sim-battery.png', fullPage: true });
  expect(dash.consoleErrors).toEqual([]);
});
