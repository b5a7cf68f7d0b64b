import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';
import { eventsApplied, installRenderMeter, measureRenders } from './render-meter.js';

let dataDir: string;
const hosts: HostProcess[] = [];

test.beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-live-e2e-'));
});

test.afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('the host restarts on the same port: the page says Reconnecting…, then follows the new host without a reload', async ({ page }) => {
  const first = await startHostProcess(dataDir);
  hosts.push(first);
  const port = new URL(first.url).port;
  const dash = new DashboardPage(page);
  await dash.open(first.url);
  await expect(dash.modeButton('off')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('connection-status')).toBeEmpty();

  await first.stop();
  await expect(page.getByTestId('connection-status')).toHaveText('Reconnecting…');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('role', 'status');
  await page.screenshot({ path: 'test-results/screenshots/live-reconnecting.png', fullPage: true });

  const second = await startHostProcess(dataDir, ['--port', port]);
  hosts.push(second);
  expect(second.url).toBe(first.url); // same port, same token kept in the data folder
  await expect(page.getByTestId('connection-status')).toBeEmpty({ timeout: 20_000 });
  // Live again: a mode change made here reaches the new host and comes back as an event.
  await dash.switchMode('bluetooth-local');
  // Without --sim there is no radio here: the new host's Bluetooth state still arrives as an event.
  await expect(page.getByTestId('bluetooth-status')).not.toContainText('not-started');
  await expect(dash.panel('activity')).toContainText('Mode changed to bluetooth-local');
  const stats = await page.evaluate(() => (window as unknown as { __edgecoderStore: { dropped: number } }).__edgecoderStore);
  expect(stats.dropped).toBe(0);
  expect(dash.consoleErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
});

test('sixty virtual devices changing RSSI every second: at most 10 renders in any second, every event valid', async ({ page }) => {
  test.setTimeout(150_000);
  const host = await startHostProcess(dataDir, ['--sim', '--sim-phones', '60', '--sim-iphones', '0', '--sim-laptops', '0', '--sim-rssi-wobble', '--mode', 'bluetooth-local']);
  hosts.push(host);
  await installRenderMeter(page);
  const dash = new DashboardPage(page);
  await dash.open(host.url);
  const nearby = dash.panel('nearby');
  await expect(nearby.getByTestId('nearby-count')).toHaveText('60', { timeout: 90_000 });
  // Only the rows near the visible part of the list are in the page (the list is virtualised).
  expect(await nearby.getByTestId('peer-row').count()).toBeLessThan(30);

  const figures = await measureRenders(page, () => eventsApplied(page, 'peers', 30));
  test.info().annotations.push({ type: 'renders', description: JSON.stringify(figures) });
  expect(figures.storeEventsApplied).toBeGreaterThanOrEqual(30);
  expect(figures.storeEventsDropped).toBe(0);
  expect(figures.commits).toBeGreaterThan(0);
  expect(figures.maxRendersInOneSecond).toBeLessThanOrEqual(10);
  await page.screenshot({ path: 'test-results/screenshots/live-sixty-devices.png' });
  expect(dash.consoleErrors).toEqual([]);
});

test('thirty devices in a list that shows a dozen: scrolling it, or tabbing through it, reaches every one', async ({ page }) => {
  test.setTimeout(120_000);
  const host = await startHostProcess(dataDir, ['--sim', '--sim-phones', '30', '--sim-iphones', '0', '--sim-laptops', '0', '--mode', 'bluetooth-local']);
  hosts.push(host);
  await page.setViewportSize({ width: 1280, height: 800 });
  const dash = new DashboardPage(page);
  await dash.open(host.url);
  const nearby = dash.panel('nearby');
  await expect(nearby.getByTestId('nearby-count')).toHaveText('30', { timeout: 90_000 });
  const list = nearby.getByTestId('nearby-list');
  const rowIds = (): Promise<string[]> => nearby.getByTestId('peer-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-device-id') ?? ''));
  expect((await rowIds()).length).toBeLessThan(30);

  // The mouse wheel's way: scroll half a screen at a time to the end, noting every device listed.
  const scrolled = new Set<string>();
  for (let atEnd = false; !atEnd;) {
    for (const id of await rowIds()) scrolled.add(id);
    atEnd = await list.evaluate((el) => {
      const end = el.scrollTop + el.clientHeight >= el.scrollHeight - 1;
      el.scrollTop += el.clientHeight / 2;
      return end;
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
  expect(scrolled.size).toBe(30);

  // The keyboard's way: from this computer's Details button, Tab moves through every device's in turn.
  await list.evaluate((el) => (el.scrollTop = 0));
  await nearby.getByTestId('self-row').getByTestId('device-details-toggle').focus();
  const tabbed = new Set<string>();
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.closest('[data-testid="peer-row"]')?.getAttribute('data-device-id') ?? null);
    if (id === null) break;
    tabbed.add(id);
  }
  expect(tabbed.size).toBe(30);
  await page.screenshot({ path: 'test-results/screenshots/live-thirty-scrolled.png' });

  // The Simulator's list is virtualised too: a value typed in a row outlives the row scrolled away.
  const simList = page.getByTestId('sim-list');
  const firstBattery = simList.getByLabel('Battery (%) of EdgeCoder sim-phone-1', { exact: true });
  await firstBattery.fill('37');
  await simList.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(firstBattery).toHaveCount(0); // its row left the page
  await simList.evaluate((el) => (el.scrollTop = 0));
  await expect(firstBattery).toHaveValue('37');
  expect(dash.consoleErrors).toEqual([]);
});
