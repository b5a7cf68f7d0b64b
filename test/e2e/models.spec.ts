import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { startModelServer, type ModelServer } from '../inference/model-server.js';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

let tmp: string;
let host: HostProcess | null = null;
const servers: ModelServer[] = [];

test.beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-models-e2e-'));
});

test.afterEach(async () => {
  await host?.stop();
  host = null;
  for (const s of servers.splice(0)) await s.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('the Model panel adds a local model, serves it, refuses bad files and downloads with sha256 checks', async ({ page }) => {
  test.setTimeout(120_000);
  const models = await ensureTestModels(['tiny', 'malformed']);
  const runnerDir = path.join(tmp, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  writeFileSync(path.join(runnerDir, 'settings.json'), JSON.stringify({ mode: 'bluetooth-local', coordinatorUrl: 'http://127.0.0.1:9' }));
  const notAModel = path.join(tmp, 'notes.gguf');
  writeFileSync(notAModel, 'meeting notes, not a model\n');

  host = await startHostProcess(runnerDir, ['--threads', '1']);
  const dash = new DashboardPage(page);
  await dash.open(host.url);
  const panel = dash.panel('model');
  const banner = page.getByTestId('worker-banner');
  await expect(panel.getByTestId('empty-state')).toContainText('No model is active yet');
  await expect(panel.getByTestId('models-none')).toBeVisible();
  await expect(banner.locator('[data-reason="no_model"]')).toContainText('No local model');

  // A file that is not GGUF, and a GGUF llama.cpp would abort on: clear errors, nothing added.
  for (const bad of [notAModel, models.malformed]) {
    await panel.getByTestId('model-add-path').fill(bad);
    await panel.getByTestId('model-add-submit').click();
    await expect(panel.getByTestId('model-error')).toContainText(`${path.basename(bad)} is not a usable GGUF model`);
    await expect(panel.getByTestId('models-none')).toBeVisible();
  }
  expect(readdirSync(path.join(runnerDir, 'models')).filter((f) => f.endsWith('.gguf'))).toEqual([]);

  // The tiny model, added by path and chosen: loaded by llama.cpp in the inference host.
  await panel.getByTestId('model-add-path').fill(models.tiny);
  await panel.getByTestId('model-add-submit').click();
  const row = panel.getByTestId('model-row-alphabet-tiny.gguf');
  await expect(row).toContainText('<1.5B');
  await expect(panel.getByTestId('model-error')).toHaveCount(0);
  await row.getByTestId('model-use').click();
  await expect(panel.getByTestId('model-active-state')).toHaveText('ready', { timeout: 60_000 });
  await expect(panel.getByTestId('model-active-class')).toHaveText('<1.5B');
  await expect(panel.getByTestId('model-active-multiplier')).toHaveText('0.3');
  await expect(panel.getByTestId('model-engine')).toContainText('1 thread,');
  await expect(banner.locator('[data-reason="no_model"]')).toHaveCount(0);
  await expect(banner).not.toContainText('No local model');
  await expect(row.getByTestId('model-delete')).toBeDisabled();

  // Downloads from a real loopback HTTP server: a wrong sha256 is reported, the right one completes.
  const body = readFileSync(models.tiny);
  const server = await startModelServer(body, 'downloaded-tiny.gguf');
  servers.push(server);
  const sha = createHash('sha256').update(body).digest('hex');
  const downloads = panel.getByTestId('download-row');
  await panel.getByTestId('model-download-uri').fill(server.url);
  await panel.getByTestId('model-download-sha256').fill('ab'.repeat(32));
  await panel.getByTestId('model-download-submit').click();
  await expect(downloads.nth(0)).toHaveAttribute('data-state', 'failed');
  await expect(downloads.nth(0).getByTestId('download-error')).toContainText('sha256 mismatch');
  await expect(panel.getByTestId('model-row-downloaded-tiny.gguf')).toHaveCount(0);

  await panel.getByTestId('model-download-uri').fill(server.url);
  await panel.getByTestId('model-download-sha256').fill(sha);
  await panel.getByTestId('model-download-submit').click();
  await expect(downloads.nth(1)).toHaveAttribute('data-state', 'done');
  await expect(panel.getByTestId('model-row-downloaded-tiny.gguf')).toContainText('0.3');
  await expect(dash.panel('activity')).toContainText('Downloaded downloaded-tiny.gguf.');
  await expect(dash.panel('activity')).toContainText('Model alphabet-tiny.gguf chosen.');

  // A slow download shows its progress and stops on Cancel.
  const slow = await startModelServer(Buffer.concat([body, Buffer.alloc(8 * 1024 * 1024)]), 'slow.gguf');
  slow.throttleMs = 250;
  servers.push(slow);
  await panel.getByTestId('model-download-uri').fill(slow.url);
  await panel.getByTestId('model-download-submit').click();
  await expect(downloads.nth(2)).toHaveAttribute('data-state', 'downloading');
  await expect(downloads.nth(2)).toContainText(/of 8\.\d MB/);
  await page.screenshot({ path: 'test-results/screenshots/models.png', fullPage: true });
  await downloads.nth(2).getByTestId('download-cancel').click();
  await expect(downloads.nth(2)).toHaveAttribute('data-state', 'cancelled');
  await panel.getByTestId('downloads-clear').click();
  await expect(downloads).toHaveCount(0);

  await expect(panel.getByTestId('model-active-state')).toHaveText('ready');
  expect(readdirSync(path.join(runnerDir, 'models')).filter((f) => f.endsWith('.gguf')).sort()).toEqual(['alphabet-tiny.gguf', 'downloaded-tiny.gguf']);
  expect(dash.consoleErrors).toEqual([]);
});
