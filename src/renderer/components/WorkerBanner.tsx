import { useState } from 'react';
import type { RunnerApi } from '../../shared/contract.js';
import type { Snapshot } from '../../shared/snapshot.js';
import type { SnoozePreset } from '../../shared/snooze-args.js';
import { formatCountdown, spokenCountdown } from '../worker/countdown.js';
import { ReasonAction } from '../worker/ReasonAction.js';
import { SnoozeMenu } from '../worker/SnoozeMenu.js';
import { useNow } from '../store/use-now.js';
import '../worker/worker.css';

function titleOf(worker: Snapshot['worker']): string {
  if (worker.state === 'draining') return `Finishing ${worker.running} task(s)…`;
  return { off: 'Worker off', running: 'Worker running', paused: 'Worker paused', snoozed: 'Worker snoozed' }[worker.state];
}

/**
 * Why the worker is running, paused, snoozed, finishing or off, in the core's own words, each reason
 * with what to do about it; the snooze's countdown; Snooze and "finish, then stop" while it works.
 */
export function WorkerBanner({ snapshot, api }: { snapshot: Snapshot; api: RunnerApi }): React.JSX.Element {
  const { worker } = snapshot;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const now = useNow(worker.state === 'snoozed' && worker.snoozedUntil !== null);
  const run = (work: () => Promise<unknown>): void => {
    setBusy(true);
    setError(null);
    work().then(
      () => setBusy(false),
      (err: Error) => {
        setBusy(false);
        setError(err.message);
      },
    );
  };
  const handlers = { busy, resume: () => run(() => api.resumeWork({})), explain: setHint };
  const working = worker.state === 'running' || worker.state === 'paused';
  const left = worker.snoozedUntil !== null ? worker.snoozedUntil - now : 0;

  return (
    <section className={`banner ${worker.state}`} data-testid="worker-banner" aria-label="Worker status">
      <div className="banner-head">
        <strong data-testid="worker-title" aria-live="polite">{titleOf(worker)}</strong>
        {worker.state === 'snoozed' && worker.snoozedUntil !== null && (
          <span className="countdown" role="timer" aria-label={spokenCountdown(left)} data-testid="snooze-countdown">
            {formatCountdown(left)} left
          </span>
        )}
        <div className="banner-controls">
          {working && <SnoozeMenu disabled={busy} onSnooze={(preset: SnoozePreset) => run(() => api.snooze({ preset }))} />}
          {working && (worker.state === 'running' || worker.running > 0) && (
            <button type="button" className="small" disabled={busy} data-testid="finish-then-stop" onClick={() => run(() => api.finishThenStop({}))}>
              Finish running tasks, then stop
            </button>
          )}
        </div>
      </div>
      {worker.state === 'off' && <p className="banner-line">Choose On or Bluetooth Local to offer this computer's model.</p>}
      {worker.state === 'running' && <p className="banner-line sub">{worker.running} of {worker.capacity} task slot(s) busy.</p>}
      {worker.reasons.length > 0 && (
        <ul className="reasons">
          {worker.reasons.map((r) => (
            <li key={r.code} data-reason={r.code}>
              <span>{r.message}</span>
              <ReasonAction reason={r} handlers={handlers} />
            </li>
          ))}
        </ul>
      )}
      {hint && <p className="banner-line sub" data-testid="banner-hint">{hint}</p>}
      {error && <p className="error inline" role="alert" data-testid="banner-error">{error}</p>}
    </section>
  );
}
