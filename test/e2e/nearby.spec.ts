import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

let dataDir: string;
let host: HostProcess;

test.beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-nearby-e2e-'));
  host = await startHostProcess(dataDir, ['--sim', '--sim-phones', '3', '--sim-iphones', '1', '--sim-laptops', '1']);
});

test.afterEach(async () => {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('Bluetooth Local on the simulated air lists the virtual phones, iPhone and laptop with their capabilities', async ({ page }) => {
  const dash = new DashboardPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await dash.open(host.url);
  const nearby = dash.panel('nearby');
  await expect(nearby.getByTestId('empty-state')).toContainText('Bluetooth is off while the mode is Off');

  await dash.switchMode('bluetooth-local');
  await expect(page.getByTestId('bluetooth-status')).toContainText('scanning+advertising');
  const rows = nearby.getByTestId('peer-row');
  await expect(rows).toHaveCount(5, { timeout: 30_000 });

  const phone2 = rows.filter({ hasText: 'sim-phone-2' });
  await expect(phone2).toContainText('Mesh');
  await expect(phone2).toContainText('phone');
  await expect(phone2).toContainText('qwen2.5-coder-1.5b');
  await expect(phone2).toContainText('60%');
  await expect(phone2).toContainText('-65 dBm');
  const laptop = rows.filter({ hasText: 'sim-laptop-1' });
  await expect(laptop).toContainText('laptop');
  await expect(laptop).toContainText('7B');
  const iphone = rows.filter({ hasText: 'iPhone 1' });
  await expect(iphone).toContainText('Bluetooth Local');
  await expect(iphone).toContainText('90%');
  await expect(nearby).not.toContainText('EdgeCoder Runner');
  await page.screenshot({ path: 'test-results/screenshots/nearby-sim.png', fullPage: true });

  await dash.switchMode('off');
  await expect(page.getByTestId('bluetooth-status')).toContainText('not-started');
  expect(dash.consoleErrors).toEqual([]);
});
