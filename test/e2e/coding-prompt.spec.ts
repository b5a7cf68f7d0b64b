import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CODER_TASKS } from '../../src/main/inference/gguf/coder-programs.js';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

let tmp: string;
let host: HostProcess | null = null;

test.beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-coding-e2e-'));
});
test.afterEach(async () => {
  await host?.stop();
  host = null;
  rmSync(tmp, { recursive: true, force: true });
});

/**
 * "Run as a coding task" from the prompt box: this computer with the generated coder model on real
 * llama.cpp and the real WebAssembly sandbox, a Bluetooth Local iPhone nearby on the simulated air
 * (it cannot run code, so it is never tried). The user picks Python and sends the task that fails
 * first: the code, its output, exit code 0, 2 iterations and "this computer" are shown, and the
 * Routing panel notes the coding run.
 */
test('the user runs a Python coding task from the prompt box and sees the code, the output, exit code, iterations and who ran it', async ({ page }) => {
  test.setTimeout(150_000);
  const models = await ensureTestModels(['coder']);
  const runnerDir = path.join(tmp, 'runner');
  mkdirSync(runnerDir, { recursive: true });
  writeFileSync(path.join(runnerDir, 'settings.json'), JSON.stringify({ mode: 'bluetooth-local', coordinatorUrl: 'http://127.0.0.1:9' }));
  host = await startHostProcess(runnerDir, ['--sim', '--sim-phones', '0', '--sim-laptops', '0', '--sim-iphones', '1', '--model', models.coder, '--threads', '1']);

  const dash = new DashboardPage(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await dash.open(host.url);
  await expect(dash.panel('nearby').getByTestId('self-row')).toContainText('coder-tiny', { timeout: 60_000 });

  const routing = dash.panel('routing');
  const task = CODER_TASKS.find((t) => t.id === 'py-word-lengths')!;
  await routing.getByLabel(/Try a prompt/).fill(task.input);
  await routing.getByLabel('Run as').selectOption({ label: 'Run as a coding task: Python' });
  await routing.getByTestId('prompt-send').click();

  const coding = routing.getByTestId('prompt-coding');
  await expect(coding).toHaveAttribute('data-ok', 'true', { timeout: 90_000 });
  await expect(coding.getByTestId('prompt-coding-summary')).toContainText(/^Ran ok: Python · exit code 0 · 2 iterations · [\d.]+ CPU-s · ran on this computer$/);
  await expect(coding.getByTestId('prompt-output')).toHaveText('9 words, 35 letters');
  await expect(coding.getByTestId('prompt-code')).toContainText('print(');
  await expect(routing.getByTestId('prompt-served-by')).toContainText('Served by this computer');

  const routed = routing.getByTestId('routed-row');
  await expect(routed).toHaveCount(1);
  await expect(routed.first().getByTestId('routed-coding')).toHaveText('coding: python, ok after 2 attempts');
  await expect(routed.first().getByTestId('routed-attempts')).toContainText('this computer served');
  await expect(routed.first().getByTestId('routed-attempts')).not.toContainText('iPhone');
  await page.screenshot({ path: 'test-results/screenshots/coding-prompt.png', fullPage: true });

  const axe = await new AxeBuilder({ page }).include('[data-testid="panel-routing"]').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(dash.consoleErrors).toEqual([]);
});
