import { useEffect, useRef, useState } from 'react';
import type { RunnerApi } from '../../shared/contract.js';
import type { Notice } from '../../shared/notice.js';

/** How long a toast stays (paused while the pointer or focus is on it). */
export const TOAST_MS = 8_000;
const MAX_TOASTS = 4;

/** The core's notices (network lost or back, sync results) as they arrive, newest last, bounded. */
export function useNotices(api: RunnerApi): [Notice[], (id: number) => void] {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => api.on('notice', (n) => setNotices((list) => [...list.filter((x) => x.id !== n.id), n].slice(-MAX_TOASTS))), [api]);
  return [notices, (id) => setNotices((list) => list.filter((n) => n.id !== id))];
}

function Toast({ notice, onClose }: { notice: Notice; onClose: () => void }): React.JSX.Element {
  const [held, setHeld] = useState(false);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    if (held) return undefined;
    const timer = window.setTimeout(() => close.current(), TOAST_MS);
    return () => window.clearTimeout(timer);
  }, [held]);
  return (
    <div className={`toast ${notice.level}`} data-testid="toast" data-kind={notice.kind}
      onMouseEnter={() => setHeld(true)} onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)} onBlur={() => setHeld(false)}>
      <div className="toast-text">
        <p><strong>{notice.title}</strong></p>
        <p>{notice.body}</p>
      </div>
      <button type="button" aria-label={`Dismiss: ${notice.title}`} data-testid="toast-close" onClick={onClose}>×</button>
    </div>
  );
}

/**
 * Toasts for the core's notices, in one polite status region that exists before any arrives (so
 * screen readers announce them); they never take focus and leave by themselves or with ×.
 */
export function Toasts({ api }: { api: RunnerApi }): React.JSX.Element {
  const [notices, dismiss] = useNotices(api);
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {notices.map((n) => <Toast key={n.id} notice={n} onClose={() => dismiss(n.id)} />)}
    </div>
  );
}
