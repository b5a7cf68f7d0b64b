/**
 * What a person feels on the dashboard under live data, in Chromium: the built headless host on the
 * simulated air with 200 real virtual phones whose RSSI changes every second (--sim-rssi-wobble), the
 * dashboard opened by Playwright. One phone's signal is changed through the simulator (simSetDevice
 * over the WebSocket bridge, as the Simulator panel does) at known times, to -30 or -35 dBm, values
 * the wobble (-95…-40) never gives, so the row showing it can only be the change; in the page a
 * MutationObserver sees the row show it and the time after the next frame is taken (see
 * test/e2e/row-paint.ts). Latency = painted − sent, both wall clock on this machine; it covers the
 * whole path: the phone's advertisements on the air, the central's scan, the route board, the
 * snapshot's 100 ms peers coalescing, the bridge, the store, React, the paint. (The signal, not the
 * battery: with 3 connection slots for 200 phones, a battery change reaches the central only when it
 * identifies the phone again, every 30 s; that is the central's refresh policy, not the dashboard.) Goal: median and 95th percentile
 * ≤ 250 ms at 200 devices. Also, as before, the longest main-thread task over the same window (the
 * Long Tasks API and a Chromium trace, which sees tasks of any length): goal ≤ 50 ms. Renders a second
 * are reported for context only (the throttle's own constant bounds them). The Nearby list is
 * virtualised: the changed phone is the one listed first (a strong signal keeps it there), and a
 * sample not painted within 5 s (its row left the view, or the wobble moved the signal back before the
 * phone advertised again) is counted as missed, not timed; more than 10 % missed fails the goal.
 */
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SimState } from '../src/shared/sim-status.js';
import { connectDashboard } from '../test/demo/demo-client.js';
import { startHostProcess } from '../test/e2e/host-process.js';
import { eventsApplied, installRenderMeter, measureRenders } from '../test/e2e/render-meter.js';
import { paintedAt, rowShows, watchRowText } from '../test/e2e/row-paint.js';
import { traceTasks } from '../test/e2e/trace-tasks.js';

const DEVICES = 200;
const SAMPLES = Number(process.env.BENCH_UI_SAMPLES ?? 40);
/** A change not painted within this long is a miss (its row scrolled out of the virtual list, or worse). */
const SAMPLE_TIMEOUT_MS = 5_000;
const GOAL_PAINT_MS = 250;
const MAX_MISSED_SHARE = 0.1;
const GOAL_LONGEST_TASK_MS = 50;

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

export default async function uiBench(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-ui-bench-'));
  const host = await startHostProcess(dataDir, [
    '--sim', '--sim-phones', String(DEVICES), '--sim-iphones', '0', '--sim-laptops', '0', '--sim-rssi-wobble', '--mode', 'bluetooth-local',
  ], 180_000);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const sim = await connectDashboard(new URL(host.url));
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await installRenderMeter(page);
    const t0 = Date.now();
    await page.goto(host.url);
    await page.getByTestId('nearby-count').filter({ hasText: new RegExp(`^${DEVICES}$`) }).waitFor({ timeout: 180_000 });
    const allListedMs = Date.now() - t0;
    // Let the first full table settle, then measure steady state.
    await eventsApplied(page, 'peers', 10, 60_000);

    const latencies: number[] = [];
    let missed = 0;
    const { result: figures, tasks: traced } = await traceTasks(browser, page, () => measureRenders(page, async () => {
      for (let i = 0; i < SAMPLES; i++) {
        // The phone listed first (the cheapest now); a strong signal keeps it near the top.
        const name = (await page.getByTestId('peer-row').first().locator('th strong').textContent()) ?? '';
        const device = (await sim.value<SimState>('simGetState')).devices.find((d) => d.name === name);
        if (!device) throw new Error(`no simulated device is named ${JSON.stringify(name)}`);
        const rssi = (await rowShows(page, name, '-30 dBm')) ? -35 : -30;
        await watchRowText(page, name, `${rssi} dBm`, SAMPLE_TIMEOUT_MS);
        const sentAt = Date.now();
        await sim.value('simSetDevice', { id: device.id, rssi });
        const painted = await paintedAt(page);
        if (painted === null) missed++;
        else latencies.push(painted - sentAt);
      }
    }));
    latencies.sort((a, b) => a - b);
    const medianMs = Math.round(percentile(latencies, 0.5));
    const p95Ms = Math.round(percentile(latencies, 0.95));
    // The Long Tasks API sees only tasks over 50 ms; the trace sees every task, so the figure shows the room left.
    const longestTaskMs = Math.max(figures.longestTaskMs, traced.longestTaskMs);
    const paintMet = latencies.length > 0 && medianMs <= GOAL_PAINT_MS && p95Ms <= GOAL_PAINT_MS && missed <= SAMPLES * MAX_MISSED_SHARE;
    return {
      devices: DEVICES,
      rowsShown: await page.getByTestId('peer-row').count(),
      allListedMs,
      changeToPaint: { samples: SAMPLES, timed: latencies.length, missed, medianMs, p95Ms, maxMs: Math.round(latencies.at(-1) ?? NaN) },
      context: { rendersPerSecond: figures.rendersPerSecond, maxRendersInOneSecond: figures.maxRendersInOneSecond, storeEventsApplied: figures.storeEventsApplied, windowMs: figures.windowMs },
      longestTaskMs,
      tasksTraced: traced.tasks,
      p99TaskMs: traced.p99TaskMs,
      goals: {
        changeToPaintMs: { goal: `median and p95 <= ${GOAL_PAINT_MS}, at most ${MAX_MISSED_SHARE * 100} % missed`, median: medianMs, p95: p95Ms, met: paintMet },
        longestTaskMs: { goal: `<= ${GOAL_LONGEST_TASK_MS}`, value: longestTaskMs, met: longestTaskMs <= GOAL_LONGEST_TASK_MS },
      },
      met: paintMet && longestTaskMs <= GOAL_LONGEST_TASK_MS,
    };
  } finally {
    sim.close();
    await browser.close();
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
