import type { Page } from '@playwright/test';

/**
 * When a Nearby devices row is painted with a new value, seen from inside the page: a MutationObserver
 * notices the row's text change, then the next animation frame, then a task after it (the frame has
 * been painted by then). The time is wall-clock milliseconds (performance.timeOrigin + performance.now()),
 * comparable with Date.now() in a process on the same machine.
 */

// A string, not a function: a bundler's helpers (esbuild's __name under tsx) would not exist in the page.
const WATCH_SCRIPT = `(({ name, text, timeoutMs }) => {
  const shows = () => {
    for (const row of document.querySelectorAll('tr[data-testid="peer-row"]')) {
      if (row.querySelector('th strong')?.textContent === name) return (row.textContent ?? '').includes(text);
    }
    return false;
  };
  window.__rowPaint = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!shows()) return;
      observer.disconnect();
      clearTimeout(timer);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.timeOrigin + performance.now());
        channel.port2.postMessage(null);
      });
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(null);
    }, timeoutMs);
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
})`;

/** Starts watching for the device row named `name` to show `text` (e.g. "-30 dBm"); paintedAt() collects it. */
export async function watchRowText(page: Page, name: string, text: string, timeoutMs: number): Promise<void> {
  await page.evaluate(`${WATCH_SCRIPT}(${JSON.stringify({ name, text, timeoutMs })})`);
}

/** The wall-clock time the watched row was painted with its new text, or null when it was not within the timeout. */
/** Whether the device row named `name` shows `text` now. */
export async function rowShows(page: Page, name: string, text: string): Promise<boolean> {
  const row = page.getByTestId('peer-row').filter({ has: page.locator('th strong', { hasText: name }) }).first();
  return ((await row.textContent({ timeout: 1_000 }).catch(() => '')) ?? '').includes(text);
}

export async function paintedAt(page: Page): Promise<number | null> {
  return (await page.evaluate('window.__rowPaint')) as number | null;
}
