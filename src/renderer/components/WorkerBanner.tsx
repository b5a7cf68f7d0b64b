import type { Snapshot } from '../../shared/snapshot.js';

const titles: Record<Snapshot['worker']['state'], string> = {
  off: 'Worker off',
  running: 'Worker running',
  paused: 'Worker paused',
  snoozed: 'Worker snoozed',
  draining: 'Worker finishing its tasks, then off',
};

/** Why the worker is running, paused, snoozed, finishing or off, in the core's own words. */
export function WorkerBanner({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const { worker } = snapshot;
  const title = titles[worker.state];
  return (
    <section className={`banner ${worker.state}`} data-testid="worker-banner" aria-live="polite">
      <strong>{title}</strong>
      {worker.state === 'off' && <span> — choose On or Bluetooth Local to offer this computer's model.</span>}
      {worker.reasons.length > 0 && (
        <ul>
          {worker.reasons.map((r) => (
            <li key={r.code} data-reason={r.code}>{r.message}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
