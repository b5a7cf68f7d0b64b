import { useEffect, useState } from 'react';

/**
 * The time now, re-rendering every `everyMs` ("seen 12 s ago" keeps counting between snapshots).
 * A stand-in until the renderer store's shared clock hook replaces it.
 */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
