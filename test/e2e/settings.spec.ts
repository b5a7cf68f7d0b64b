import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

let tmp: string;
let host: HostProcess | null = null;

test.beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-settings-e2e-'));
});

test.afterEach(async () => {
  await host?.stop();
  host = null;
  rmSync(tmp, { recursive: true, force: true });
});

test('the Settings panel refuses a bad field with its sentence, saves a good one live, and regenerates the API key', async ({ page }) => {
  const runnerDir = path.join(tmp, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  const settingsFile = path.join(runnerDir, 'settings.json');
  writeFileSync(settingsFile, JSON.stringify({ mode: 'off', coordinatorUrl: 'http://127.0.0.1:9' }));
  host = await startHostProcess(runnerDir, ['--threads', '1']);
  await page.setViewportSize({ width: 1280, height: 1400 });
  const dash = new DashboardPage(page);
  await dash.open(host.url);
  const panel = page.getByTestId('panel-settings');
  const url = panel.getByLabel('Coordinator URL');
  await expect(url).toHaveValue('http://127.0.0.1:9');
  await expect(panel.getByTestId('settings-data-folder')).toHaveText(runnerDir);
  await expect(panel.getByTestId('settings-open-data-folder')).toBeDisabled();

  // A bad address: the sentence under the field, announced and tied to it; nothing saved.
  await url.fill('ftp://files.example.com');
  await panel.getByTestId('settings-save').click();
  const error = panel.getByTestId('settings-error-coordinatorUrl');
  await expect(error).toContainText('must be an http(s) URL');
  await expect(error).toHaveAttribute('role', 'alert');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(url).toHaveAttribute('aria-describedby', (await error.getAttribute('id')) ?? 'missing');
  expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toMatchObject({ coordinatorUrl: 'http://127.0.0.1:9' });

  // A good one, with a keyboard-only save: saved, applied, noted in Activity, kept after a reload.
  await url.fill('http://127.0.0.1:4999');
  await url.press('Enter');
  await expect(panel.getByTestId('settings-status')).toHaveText('Saved and applied.');
  await expect(error).toHaveCount(0);
  await expect(dash.panel('activity')).toContainText('Settings saved: coordinator http://127.0.0.1:4999');
  expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toMatchObject({ coordinatorUrl: 'http://127.0.0.1:4999' });
  await page.reload();
  await expect(page.getByTestId('panel-settings').getByLabel('Coordinator URL')).toHaveValue('http://127.0.0.1:4999');

  // The local API key: regenerated, the shown key changes.
  const key = panel.getByTestId('settings-api-key');
  await expect(key).not.toHaveValue('');
  const before = await key.inputValue();
  await panel.getByTestId('settings-api-regenerate').click();
  await expect(key).not.toHaveValue(before);
  await expect(panel.getByTestId('settings-api-message')).toContainText('A new key was made');
  await expect(dash.panel('activity')).toContainText('A new local API key was made');

  const axe = await new AxeBuilder({ page }).include('[data-testid="panel-settings"]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await panel.screenshot({ path: 'test-results/screenshots/settings.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await panel.screenshot({ path: 'test-results/screenshots/settings-dark.png' });
  expect(dash.consoleErrors).toEqual([]);
});

test('revoking every dashboard link: this page reopens with the new one, another open tab is refused at once', async ({ page, context }) => {
  const runnerDir = path.join(tmp, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  host = await startHostProcess(runnerDir, ['--threads', '1']);
  const other = await context.newPage();
  await other.goto(host.url);
  await expect(other.getByTestId('panel-settings')).toBeVisible();
  const dash = new DashboardPage(page);
  await dash.open(host.url);
  const panel = page.getByTestId('panel-settings');
  await panel.getByTestId('settings-revoke-links').click();

  // This page: the new token in its address, connected again, and Activity says what happened.
  await expect.poll(() => new URL(page.url()).hash).not.toBe(new URL(host.url).hash);
  await expect(dash.panel('activity')).toContainText('Every dashboard link was revoked');
  const fresh = new URLSearchParams(new URL(page.url()).hash.slice(1)).get('token') ?? '';
  expect(fresh).toMatch(/^[A-Za-z0-9_-]{32}$/);
  // The other tab, still on the old link, is cut off and says why.
  await expect(other.getByTestId('refused')).toContainText('its link was revoked');
  // The old token no longer opens the HTTP API; the new one does.
  expect((await page.request.get(`${host.origin}/api/snapshot`, { headers: { authorization: `Bearer ${host.token}` } })).status()).toBe(401);
  expect((await page.request.get(`${host.origin}/api/snapshot`, { headers: { authorization: `Bearer ${fresh}` } })).status()).toBe(200);
});
