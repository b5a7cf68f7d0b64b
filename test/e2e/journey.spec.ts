/**
 * The user journey of issue 11 against `npm run demo` as a user starts it (coordinator, simulated
 * neighbourhood answering with real llama.cpp, the runner On with the tiny model), one screenshot a
 * step: the devices and their costs; the network cut → Bluetooth Local with a toast; a prompt from the
 * box and one through the official openai client, both served by the cheapest device, the Routing panel
 * saying why; that device's battery lowered → the next request goes to another device; the network
 * restored → the ledger syncs and pending goes to 0; snooze and resume; a bad coordinator URL refused.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { startDemoProcess } from '../demo/demo-client.js';
import { DashboardPage } from './dashboard-page.js';
import { WorkerPage } from './worker-page.js';

let tmp: string;
let demo: { child: ChildProcess; dashboard: URL; localApi: string } | null = null;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-journey-'));
  demo = await startDemoProcess(['--port', '0', '--api-port', '0', '--data-dir', tmp]);
});

test.afterAll(async () => {
  if (demo && demo.child.exitCode === null) {
    demo.child.kill('SIGTERM');
    await once(demo.child, 'exit');
  }
  rmSync(tmp, { recursive: true, force: true });
});

const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: `test-results/screenshots/journey-${name}.png`, fullPage: true });

/** The name of the device ranked first in Nearby devices (this computer or a nearby one). */
async function rankOne(page: Page): Promise<string> {
  const row = page.getByTestId('panel-nearby').locator('tbody tr[data-device-id]').filter({ has: page.locator('.rank', { hasText: /^#1$/ }) });
  return ((await row.locator('th strong').textContent()) ?? '').trim();
}

async function setDevice(worker: WorkerPage, name: string, fields: Record<string, string>): Promise<void> {
  const row = worker.simDevice(name);
  for (const [field, value] of Object.entries(fields)) await row.getByTestId(`sim-${field}`).fill(value);
  await row.getByTestId('sim-apply').click();
  await expect(worker.simulator.getByTestId('sim-device-error')).toHaveCount(0);
}

test('a new user runs the demo and uses the dashboard end to end', async ({ page }) => {
  test.setTimeout(420_000);
  if (!demo) throw new Error('demo did not start');
  const dash = new DashboardPage(page);
  const worker = new WorkerPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await dash.open(demo.dashboard.toString());
  const nearby = dash.panel('nearby');
  const routing = dash.panel('routing');

  // 1. On and online with the tiny model; the neighbourhood listed with its costs.
  await expect(page.getByTestId('network-status')).toContainText('online', { timeout: 60_000 });
  await expect(nearby.getByTestId('self-row')).toContainText('coder-tiny', { timeout: 60_000 });
  await expect(nearby.getByTestId('peer-row')).toHaveCount(5, { timeout: 60_000 });
  await expect(nearby.getByTestId('peer-row').getByTestId('cost-bar').first()).toBeVisible();
  await shot(page, '1-devices');

  // 2. Cut the network: Bluetooth Local by itself, and a toast says why.
  await worker.simulator.getByTestId('sim-network-toggle').click();
  await expect(dash.modeButton('bluetooth-local')).toHaveAttribute('aria-checked', 'true', { timeout: 30_000 });
  await expect(worker.toast('Coordinator unreachable')).toBeVisible();
  await shot(page, '2-network-cut');

  // 3. Make a phone the cheapest (full battery, strong signal; the laptop far and busy), then ask from the box.
  await setDevice(worker, 'sim-laptop-1', { currentLoad: '1', rssi: '-100' });
  await setDevice(worker, 'sim-phone-1', { batteryPct: '100', rssi: '-30' });
  await expect.poll(() => rankOne(page), { timeout: 60_000 }).toContain('sim-phone-1');
  await routing.getByLabel(/Try a prompt/).fill('uvw');
  await routing.getByTestId('prompt-send').click();
  const result = routing.getByRole('status').filter({ has: page.getByTestId('prompt-served-by') });
  await expect(result.getByTestId('prompt-served-by')).toContainText(/sim-phone-1/, { timeout: 60_000 });

  // The same through the official openai client with the Local API line the demo printed.
  const [, baseURL, apiKey] = /^Local API: (\S+) key=(\S+)$/.exec(demo.localApi) ?? [];
  const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });
  const viaApi = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'uvw' }] }).withResponse();
  expect(viaApi.response.headers.get('x-edgecoder-served-by')).toContain('sim-phone-1');
  expect(viaApi.response.headers.get('x-edgecoder-route')).toMatch(/kind=mesh; total=[\d.]+; model=[\d.]+; load=[\d.]+; battery=[\d.]+; signal=[\d.]+/);
  const rows = routing.getByTestId('routed-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId('routed-why')).toContainText(/against .+'s [\d.]+/);
  await shot(page, '3-routed');

  // 4. That phone's battery runs low: the next request goes to another device.
  await setDevice(worker, 'sim-phone-1', { batteryPct: '5' });
  await expect.poll(() => rankOne(page), { timeout: 60_000 }).not.toContain('sim-phone-1');
  const next = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'uvw' }] }).withResponse();
  const servedBy = next.response.headers.get('x-edgecoder-served-by') ?? '';
  expect(servedBy).not.toContain('sim-phone-1');
  await expect(rows).toHaveCount(3);
  await expect(rows.first().getByTestId('routed-served-by')).toContainText(servedBy);
  await shot(page, '4-battery-low');

  // 5. Restore the network: the coordinator is back, the ledger syncs, nothing stays pending.
  await expect(dash.panel('credits').getByTestId('credits-pending')).not.toHaveText('0');
  await worker.simulator.getByTestId('sim-network-toggle').click();
  await expect(worker.toast('Coordinator reachable again')).toBeVisible({ timeout: 60_000 });
  await expect(dash.panel('credits').getByTestId('credits-pending')).toHaveText('0', { timeout: 60_000 });
  await shot(page, '5-synced');

  // 6. Snooze, then resume.
  await worker.snoozeWithKeyboard(1);
  await expect(worker.title).toHaveText('Worker snoozed');
  await expect(worker.countdown).toBeVisible();
  await shot(page, '6-snoozed');
  await worker.banner.getByTestId('resume-button').click();
  await expect(worker.countdown).toHaveCount(0);

  // 7. The Settings panel refuses a bad coordinator URL with a message next to the field.
  const settings = page.getByTestId('panel-settings');
  await settings.getByLabel('Coordinator URL').fill('ftp://files.example.com');
  await settings.getByTestId('settings-save').click();
  await expect(settings.getByTestId('settings-error-coordinatorUrl')).toContainText('http');
  await shot(page, '7-settings-refused');

  // The same page at 900×600 in dark mode, for the eye.
  await page.setViewportSize({ width: 900, height: 600 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, '8-small-dark');
  expect(dash.consoleErrors).toEqual([]);
});
