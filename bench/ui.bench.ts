/**
 * The dashboard under live data, in Chromium: the built headless host on the simulated air with 200
 * real virtual phones whose RSSI changes every second (--sim-rssi-wobble), the dashboard opened by
 * Playwright, React commits counted through a DevTools hook and long tasks by PerformanceObserver
 * over ~10 s of peers changes (about ten a second from main), and every main-thread task from a
 * Chromium trace of the same window (the Long Tasks API reports only those over 50 ms). Goals: at most
 * 10 renders a second and no task longer than 50 ms. Absolute figures on a shared machine; the goals
 * are the issue's. The Nearby list is virtualised: `rowsShown` is the rows in the page, not 200.
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHostProcess } from '../test/e2e/host-process.js';
import { eventsApplied, installRenderMeter, measureRenders } from '../test/e2e/render-meter.js';
import { traceTasks } from '../test/e2e/trace-tasks.js';

const DEVICES = 200;
const PEERS_EVENTS = 100; // ~10 s at one coalesced peers change per 100 ms
const GOAL_RENDERS_PER_SECOND = 10;
const GOAL_LONGEST_TASK_MS = 50;

export default async function uiBench(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-ui-bench-'));
  const host = await startHostProcess(dataDir, [
    '--sim', '--sim-phones', String(DEVICES), '--sim-iphones', '0', '--sim-laptops', '0', '--sim-rssi-wobble', '--mode', 'bluetooth-local',
  ], 180_000);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await installRenderMeter(page);
    const t0 = Date.now();
    await page.goto(host.url);
    await page.getByTestId('nearby-count').filter({ hasText: new RegExp(`^${DEVICES}$`) }).waitFor({ timeout: 180_000 });
    const allListedMs = Date.now() - t0;
    // Let the first full table settle, then measure steady state.
    await eventsApplied(page, 'peers', 10, 60_000);
    const { result: figures, tasks: traced } = await traceTasks(browser, page, () => measureRenders(page, () => eventsApplied(page, 'peers', PEERS_EVENTS, 120_000)));
    // The Long Tasks API sees only tasks over 50 ms; the trace sees every task, so the figure shows the room left.
    const longestTaskMs = Math.max(figures.longestTaskMs, traced.longestTaskMs);
    const rows = await page.getByTestId('peer-row').count();
    return {
      devices: DEVICES,
      rowsShown: rows,
      allListedMs,
      ...figures,
      longestTaskMs,
      tasksTraced: traced.tasks,
      p99TaskMs: traced.p99TaskMs,
      goals: {
        rendersPerSecond: { goal: `<= ${GOAL_RENDERS_PER_SECOND}`, value: figures.rendersPerSecond, maxInOneSecond: figures.maxRendersInOneSecond, met: figures.maxRendersInOneSecond <= GOAL_RENDERS_PER_SECOND },
        longestTaskMs: { goal: `<= ${GOAL_LONGEST_TASK_MS}`, value: longestTaskMs, met: longestTaskMs <= GOAL_LONGEST_TASK_MS },
      },
      met: figures.maxRendersInOneSecond <= GOAL_RENDERS_PER_SECOND && longestTaskMs <= GOAL_LONGEST_TASK_MS,
    };
  } finally {
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
