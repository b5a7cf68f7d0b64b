import { useSyncExternalStore } from 'react';

/**
 * One shared once-a-second clock for every "3 s ago" under Seen: a single interval while anything is
 * subscribed, stopped when nothing is.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: number | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
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

/** Milliseconds since the epoch, refreshed once a second. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
