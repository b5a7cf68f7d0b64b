import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { startModelServer, type ModelServer } from '../inference/model-server.js';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

let tmp: string;
let host: HostProcess | null = null;
let server: ModelServer | null = null;

test.afterEach(async () => {
  await host?.stop();
  host = null;
  await server?.close();
  server = null;
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * A new user with no model on a machine without a GPU: the Model panel says CPU and why, the catalogue
 * shows each model's fit on this machine with one Recommended, "Choose a model" leads to it, and one click
 * downloads it from a server that answers like the hub (HF_ENDPOINT), verifies the published hash and
 * makes it the active model.
 */
test('the catalogue: fit on this machine, Choose a model, one-click download and use', async ({ page }) => {
  test.setTimeout(120_000);
  tmp = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-catalogue-e2e-'));
  const body = readFileSync((await ensureTestModels(['tiny'])).tiny);
  server = await startModelServer(body, 'any.gguf', /^\/[^/]+\/[^/]+\/resolve\/main\/[^/]+\.gguf$/);
  server.headers = { 'x-linked-etag': `"${createHash('sha256').update(body).digest('hex')}"` };
  const runnerDir = path.join(tmp, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  writeFileSync(path.join(runnerDir, 'settings.json'), JSON.stringify({ mode: 'bluetooth-local', coordinatorUrl: 'http://127.0.0.1:9' }));
  host = await startHostProcess(runnerDir, ['--threads', '1'], 20_000, { ...process.env, HF_ENDPOINT: server.url });

  const dash = new DashboardPage(page);
  await dash.open(host.url);
  const panel = dash.panel('model');
  // The estimate starts the inference host (llama.cpp never runs in the app's process): allow for it.
  await expect(panel.getByTestId('catalogue-hardware')).toContainText('no GPU found: CPU', { timeout: 60_000 });
  const rows = panel.getByTestId('catalogue').locator('tbody tr');
  await expect(rows).toHaveCount(5);
  for (const text of await rows.allInnerTexts()) expect(text).toMatch(/(CPU only, slow|does not fit): needs [\d.]+ GB/);
  await expect(panel.getByTestId('catalogue-recommended-badge')).toHaveCount(1);

  await page.getByTestId('reason-choose-model').click();
  const recommended = panel.getByTestId('catalogue-use-recommended');
  await expect(recommended).toBeFocused();
  await page.screenshot({ path: 'test-results/screenshots/catalogue-1-choose.png', fullPage: true });

  await recommended.click();
  await expect(panel.getByTestId('model-active-state')).toHaveText('ready', { timeout: 60_000 });
  await expect(panel.getByTestId('model-active-name')).toHaveAttribute('title', /Q4_K_M\.gguf$/);
  await expect(panel.getByTestId('model-backend')).toContainText('Runs on: CPU, 1 thread (no GPU found)');
  await expect(panel.getByTestId('catalogue-use-recommended')).toHaveText('Use');
  await page.screenshot({ path: 'test-results/screenshots/catalogue-2-active.png', fullPage: true });
});
