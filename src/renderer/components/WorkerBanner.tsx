import type { Snapshot } from '../../shared/snapshot.js';

/** Why the worker is running, paused or off, in the core's own words. */
export function WorkerBanner({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const { worker } = snapshot;
  const title =
    worker.state === 'off' ? 'Worker off' : worker.state === 'running' ? 'Worker running' : 'Worker paused';
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
