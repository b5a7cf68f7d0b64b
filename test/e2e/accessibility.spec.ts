import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Snapshot } from '../../src/shared/snapshot.js';
import { DashboardPage } from './dashboard-page.js';
import { startHostProcess, type HostProcess } from './host-process.js';

/**
 * The whole dashboard, whatever panels it has: axe-core finds no serious or critical violation, and
 * every control can be reached with Tab, at two window sizes in light and dark. Generic on purpose (no
 * panel selectors), so panels added later are checked too.
 */
const sizes = [
  { width: 1280, height: 800 },
  { width: 900, height: 600 },
] as const;
const schemes = ['light', 'dark'] as const;

let dataDir: string;
let host: HostProcess;
let peerName: string;

test.beforeAll(async ({ request }) => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'edgecoder-a11y-'));
  // Simulated neighbourhood in Bluetooth Local, so the device list, its routes and skips are on screen.
  host = await startHostProcess(dataDir, ['--sim', '--mode', 'bluetooth-local']);
  const snapshot = async (): Promise<Snapshot> =>
    (await (await request.get(`${host.origin}/api/snapshot`, { headers: { authorization: `Bearer ${host.token}` } })).json()) as Snapshot;
  await expect.poll(async () => (await snapshot()).peers.length, { timeout: 30_000 }).toBeGreaterThan(0);
  peerName = (await snapshot()).peers[0]?.name ?? '';
});

test.afterAll(async () => {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * Marks every control that should take keyboard focus (enabled, rendered, not tabindex=-1) with an id
 * and returns its tab key: its own id, or one key per native radio group (Tab enters a group once).
 */
async function markFocusable(page: Page): Promise<Map<string, string>> {
  const entries = await page.evaluate(() => {
    // What a control is, for a failure message: tag, role, and the start of its name.
    const describe = (el: Element): string => {
      const name = el.getAttribute('aria-label') ?? el.getAttribute('title') ?? (el.textContent ?? '').trim();
      const role = el.getAttribute('role');
      return `<${el.tagName.toLowerCase()}${role ? ` role=${role}` : ''}> "${name.slice(0, 50)}"`;
    };
    const selector = 'button, input, select, textarea, summary, a[href], [tabindex]';
    const out: Array<[string, string]> = [];
    let n = 0;
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      if (el.matches(':disabled') || el.getAttribute('tabindex') === '-1' || el.closest('[inert], [hidden]')) continue;
      if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
      const rect = el.getBoundingClientRect();
      if (getComputedStyle(el).visibility === 'hidden' || (rect.width === 0 && rect.height === 0)) continue;
      el.dataset.a11yId = String(n++);
      const key = el instanceof HTMLInputElement && el.type === 'radio' && el.name ? `radio:${el.name}` : `el:${el.dataset.a11yId}`;
      el.dataset.a11yKey = key;
      out.push([key, describe(el)]);
    }
    return out;
  });
  return new Map(entries);
}

/** Presses Tab from the top of the page until focus wraps, collecting the tab keys it visits. */
async function tabThrough(page: Page, limit: number): Promise<Set<string>> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const reached = new Set<string>();
  let first: string | null = null;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const { key, id } = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      return { key: active?.dataset.a11yKey ?? null, id: active?.dataset.a11yId ?? null };
    });
    if (id !== null && id === first) break; // wrapped around
    if (id !== null && first === null) first = id;
    if (key !== null) reached.add(key);
  }
  return reached;
}

for (const size of sizes) {
  for (const scheme of schemes) {
    const label = `${size.width}x${size.height}-${scheme}`;
    test(`${label}: no serious or critical axe violations, every control reachable by Tab`, async ({ page }, info) => {
      const dash = new DashboardPage(page);
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await dash.open(host.url);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByText(peerName, { exact: false }).first()).toBeVisible();

      const shot = `test-results/screenshots/a11y-${label}.png`;
      await page.screenshot({ path: shot, fullPage: true });
      await info.attach(`a11y-${label}`, { path: shot, contentType: 'image/png' });

      const results = await new AxeBuilder({ page }).analyze();
      const severe = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const report = severe.map(
        (v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 6).map((n) => `  ${n.target.join(' ')}: ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`).join('\n')}`,
      );
      // Moderate and minor findings are kept with the result, for the record, without failing it.
      for (const v of results.violations.filter((x) => !severe.includes(x))) {
        info.annotations.push({ type: `axe ${v.impact ?? 'unknown'}`, description: `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}` });
      }
      expect(report, `axe found serious/critical violations at ${label}:\n${report.join('\n')}`).toEqual([]);

      const focusable = await markFocusable(page);
      expect(focusable.size).toBeGreaterThan(3); // the mode switch alone has three
      const reached = await tabThrough(page, focusable.size * 2 + 10);
      const missed = [...focusable].filter(([key]) => !reached.has(key)).map(([, what]) => what);
      expect(missed, `not reachable with Tab at ${label}:\n${missed.join('\n')}`).toEqual([]);
      expect(dash.consoleErrors).toEqual([]);
    });
  }
}
