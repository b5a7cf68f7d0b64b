import type { Page } from '@playwright/test';

/**
 * When a Nearby devices row is painted with a new value, seen from inside the page: a MutationObserver
 * notices the row's text change, then the next animation frame, then a task after it (the frame has
 * been painted by then). The time is wall-clock milliseconds (performance.timeOrigin + performance.now()),
 * comparable with Date.now() in a process on the same machine.
 */

/** Starts watching for the device row named `name` to show `text` in its battery cell; paintedAt() collects it. */
export async function watchRowText(page: Page, name: string, text: string, timeoutMs: number): Promise<void> {
  await page.evaluate(({ name, text, timeoutMs }) => {
    const shows = (): boolean => {
      for (const row of document.querySelectorAll('tr[data-testid="peer-row"]')) {
        if (row.querySelector('th strong')?.textContent !== name) continue;
        // Cells after the name: profile, model, battery.
        return row.querySelectorAll('td')[2]?.textContent === text;
      }
      return false;
    };
    (window as unknown as { __rowPaint: Promise<number | null> }).__rowPaint = new Promise((resolve) => {
      const timer = setTimeout(() => {
        observer.disconnect();
        resolve(null);
      }, timeoutMs);
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
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }, { name, text, timeoutMs });
}

/** The wall-clock time the watched row was painted with its new text, or null when it was not within the timeout. */
export async function paintedAt(page: Page): Promise<number | null> {
  return page.evaluate(() => (window as unknown as { __rowPaint: Promise<number | null> }).__rowPaint);
}
