import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

let tmp: string;
let host: HostProcess | null = null;

test.beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-routing-e2e-'));
});
test.afterEach(async () => {
  await host?.stop();
  host = null;
  rmSync(tmp, { recursive: true, force: true });
});

const shot = (name: string): { path: string; fullPage: boolean } => ({ path: `test-results/screenshots/routing-${name}.png`, fullPage: true });

/**
 * This computer with the tiny model on real llama.cpp, among virtual phones and a laptop on the
 * simulated Bluetooth air: the devices in cost order with their cost bars and explanations, a prompt
 * from the dashboard and a request from the official openai client, both routed and listed with why.
 */
test('devices in cost order, a prompt routed from the dashboard and one from the local API, key regenerated', async ({ page }) => {
  test.setTimeout(150_000);
  const models = await ensureTestModels(['tiny']);
  const runnerDir = path.join(tmp, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  writeFileSync(path.join(runnerDir, 'settings.json'), JSON.stringify({ mode: 'bluetooth-local', coordinatorUrl: 'http://127.0.0.1:9' }));
  host = await startHostProcess(runnerDir, ['--sim', '--sim-phones', '2', '--sim-laptops', '1', '--sim-iphones', '0', '--model', models.tiny, '--threads', '1']);

  const dash = new DashboardPage(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await dash.open(host.url);

  // Nearby devices: this computer first as a candidate, then the devices cheapest first, each with a cost bar.
  const nearby = dash.panel('nearby');
  const selfRow = nearby.getByTestId('self-row');
  await expect(selfRow).toContainText('alphabet-tiny', { timeout: 60_000 });
  await expect(selfRow.getByTestId('cost-bar').getByRole('img')).toHaveAttribute('aria-label', /^Cost model [\d.]+ \+ load [\d.]+ \+ battery 0 \+ signal 0 = [\d.]+$/);
  const rows = nearby.getByTestId('peer-row');
  await expect(rows).toHaveCount(3, { timeout: 30_000 });
  await expect(rows.filter({ has: page.getByRole('img', { name: /^signal \d of 4 bars, -\d+ dBm$/ }) })).toHaveCount(3);
  await expect(rows.first().getByTestId('device-seen')).toHaveText(/^(now|\d+ s ago)$/);
  await expect(rows.first().getByTestId('device-state')).toHaveText(/^(connected|idle)$/);
  const totals = await rows.getByTestId('cost-bar').evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('data-total'))));
  expect(totals).toEqual([...totals].sort((a, b) => a - b));
  await page.screenshot(shot('nearby'));

  // Details of the laptop: each term with its input.
  const laptop = rows.filter({ hasText: 'sim-laptop-1' });
  const toggle = laptop.getByTestId('device-details-toggle');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const details = nearby.getByTestId('device-details');
  await expect(details.getByTestId('term-model')).toContainText('model 7 B → 0');
  await expect(details.getByTestId('term-battery')).toContainText('battery not counted (laptop) → 0');
  await expect(details.getByTestId('term-signal')).toContainText(/signal −\d+ dBm → [\d.]+/);
  await page.screenshot(shot('details'));

  // The device ranked first is who should serve an `auto` prompt.
  const first = await nearby.locator('tbody tr[data-device-id]').filter({ has: page.locator('.rank', { hasText: /^#1$/ }) }).locator('th strong').textContent();
  expect(first).toBeTruthy();
  const routing = dash.panel('routing');
  await expect(routing.getByTestId('empty-state')).toContainText('local API or the prompt box');
  await routing.getByLabel(/Try a prompt/).fill('uvw');
  await routing.getByTestId('prompt-send').click();
  const result = routing.getByRole('status').filter({ has: page.getByTestId('prompt-served-by') });
  await expect(result.getByTestId('prompt-served-by')).toContainText(new RegExp(`Served by ${(first ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i'), { timeout: 60_000 });
  const routed = routing.getByTestId('routed-row');
  await expect(routed).toHaveCount(1);
  await expect(routed.first()).toHaveAttribute('data-source', 'dashboard');
  await expect(routed.first().getByTestId('routed-why')).toContainText(/model [\d.]+ \+ load [\d.]+ \+ battery [\d.]+ \+ signal [\d.]+ = [\d.]+, against .+'s [\d.]+/);
  await page.screenshot(shot('prompt'));

  // Local API: the base URL, and Regenerate (confirmed) gives a new key.
  const apiPanel = dash.panel('local-api');
  const baseUrl = await apiPanel.getByTestId('local-api-base-url').textContent();
  expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  await apiPanel.getByTestId('local-api-key-show').click();
  const oldKey = (await apiPanel.getByTestId('local-api-key').textContent()) ?? '';
  expect(oldKey.length).toBeGreaterThan(16);
  await apiPanel.getByTestId('local-api-regenerate').click();
  await apiPanel.getByTestId('local-api-regenerate-confirm').click();
  await expect(apiPanel.getByTestId('local-api-key')).not.toHaveText(oldKey);
  const key = (await apiPanel.getByTestId('local-api-key').textContent()) ?? '';
  await page.screenshot(shot('local-api'));

  // The official openai client with the shown key: served, and listed in the Routing panel. The old key is refused.
  const client = new OpenAI({ baseURL: baseUrl ?? '', apiKey: key, maxRetries: 0, timeout: 60_000 });
  const completion = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Recite' }], max_tokens: 32 });
  expect(completion.choices[0]?.message.content).toBeTruthy();
  const stale = new OpenAI({ baseURL: baseUrl ?? '', apiKey: oldKey, maxRetries: 0, timeout: 30_000 });
  await expect(stale.models.list()).rejects.toMatchObject({ status: 401 });
  await expect(routed).toHaveCount(2);
  await expect(routed.first()).toHaveAttribute('data-source', 'local-api');
  await expect(routed.first().getByTestId('routed-served-by')).not.toHaveText('');
  await expect(apiPanel.getByTestId('local-api-served-today')).toContainText('1 from the local API · 1 from this dashboard');
  // The laptop's details, still open, now list both requests and what this computer paid it.
  await expect(details.locator('.device-requests li')).toHaveCount(2);
  await expect(details.getByTestId('device-credits')).toContainText(/spent 0\.\d+ on it, over 2 task\(s\)/);
  await page.screenshot(shot('api-request'));

  // The three panels pass axe's WCAG A/AA checks, with the details and the prompt result open.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    if (scheme === 'dark') await page.screenshot(shot('dark'));
    const axe = await new AxeBuilder({ page }).include('[data-testid="panel-nearby"]').include('[data-testid="panel-routing"]')
      .include('[data-testid="panel-local-api"]').withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(axe.violations.map((v) => `${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  expect(dash.consoleErrors).toEqual([]);
});
