import type { HeartbeatResult } from '../../shared/snapshot.js';
import { heartbeatSummary, heartbeatTitle } from './heartbeat-summary.js';

/** The last heartbeats as a row of small bars (answered tall and green, failed short and red), oldest left. */
export function HeartbeatTimeline({ beats }: { beats: readonly HeartbeatResult[] }): React.JSX.Element | null {
  if (beats.length === 0) return null;
  const summary = heartbeatSummary(beats);
  return (
    <span className="beats" role="img" aria-label={summary} title={summary} data-testid="heartbeat-timeline">
      {beats.map((b, i) => (
        <span key={`${b.at}-${i}`} className={`beat ${b.ok ? 'ok' : 'failed'}`} title={heartbeatTitle(b)} />
      ))}
    </span>
  );
}
