import { useSyncExternalStore } from 'react';

/**
 * One shared once-a-second clock for everything that counts time on screen ("3 s ago" under Seen, the
 * snooze countdown): a single interval while anything is subscribed, stopped when nothing is.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: number | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Whoever starts watching sees the time of now, not that of the last tick.
  now = Date.now();
  if (timer === null) {
    timer = window.setInterval(() => {
      now = Date.now();
      listeners.forEach((fn) => fn());
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  };
}

const stayStill = (): (() => void) => () => undefined;

/** Milliseconds since the epoch, refreshed once a second while `ticking` (a countdown only while it runs). */
export function useNow(ticking = true): number {
  return useSyncExternalStore(ticking ? subscribe : stayStill, () => now);
}
