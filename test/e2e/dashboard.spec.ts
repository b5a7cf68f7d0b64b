import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

let dataDir: string;
let host: HostProcess;

test.beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-e2e-'));
  host = await startHostProcess(dataDir);
});

test.afterEach(async () => {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the dashboard loads with the token: header, status, honest empty panels, no console errors', async ({ page }, info) => {
  const dash = new DashboardPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await dash.open(host.url);
  await expect(page.getByRole('heading', { name: 'EdgeCoder Runner' })).toBeVisible();
  expect(await dash.selectedMode()).toBe('Off');
  await expect(page.getByTestId('network-status')).toContainText('unknown');
  await expect(page.getByTestId('bluetooth-status')).toContainText('not-started');
  await expect(page.getByTestId('worker-banner')).toContainText('Worker off');
  await expect(dash.panel('nearby').getByTestId('empty-state')).toContainText('Bluetooth is off while the mode is Off');
  await expect(dash.panel('credits').getByTestId('credits-earned')).toHaveText('0');
  await expect(dash.panel('credits').getByTestId('empty-state')).toContainText('No task has been run');
  await expect(dash.panel('model').getByTestId('empty-state')).toContainText('No model is active');
  await page.screenshot({ path: 'test-results/screenshots/dashboard-1280x800.png', fullPage: true });
  await info.attach('dashboard-1280x800', { path: 'test-results/screenshots/dashboard-1280x800.png', contentType: 'image/png' });

  await page.setViewportSize({ width: 900, height: 600 });
  const switcher = await page.getByTestId('mode-switcher').boundingBox();
  expect(switcher && switcher.x + switcher.width).toBeLessThanOrEqual(900);
  await page.screenshot({ path: 'test-results/screenshots/dashboard-900x600.png' });
  expect(dash.consoleErrors).toEqual([]);
});

test('without the token the host refuses the dashboard and shows no data', async ({ page }) => {
  const dash = new DashboardPage(page);
  await dash.open(host.origin + '/');
  await expect(page.getByTestId('refused')).toContainText('without a valid access link');
  await expect(page.getByTestId('mode-switcher')).toHaveCount(0);
  await dash.open(`${host.origin}/#token=wrong-token`);
  await expect(page.getByTestId('refused')).toBeVisible();
  const api = await page.request.get(`${host.origin}/api/snapshot`);
  expect(api.status()).toBe(401);
});

test('switching mode in the UI changes the snapshot and survives a host restart', async ({ page }) => {
  const dash = new DashboardPage(page);
  await dash.open(host.url);
  await dash.switchMode('bluetooth-local');
  await expect(dash.panel('activity')).toContainText('Mode changed to bluetooth-local (user)');
  await expect(page.getByTestId('worker-banner')).toContainText('Worker paused');
  const snap = await page.request.get(`${host.origin}/api/snapshot`, { headers: { authorization: `Bearer ${host.token}` } });
  expect(await snap.json()).toMatchObject({ mode: 'bluetooth-local', modeChange: { cause: 'user' } });

  expect(await host.stop()).toBe(0);
  host = await startHostProcess(dataDir);
  const fresh = new DashboardPage(page);
  await fresh.open(host.url);
  await expect(fresh.modeButton('bluetooth-local')).toHaveAttribute('aria-checked', 'true');
  expect(fresh.consoleErrors).toEqual([]);
  expect(dash.consoleErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
});
