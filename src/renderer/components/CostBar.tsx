import type { RouteStanding } from '../../shared/routing.js';
import { fmt, TERM_NAMES, termsSentence } from './device-words.js';

/** Bar widths are relative to this cost (the router's threshold: 200 and over is never used). */
const SCALE = 200;

/** A device's cost as a stacked bar of seed 000's four terms, with the total; or why it is never used. */
export function CostBar({ route }: { route: RouteStanding }): React.JSX.Element {
  const t = route.terms;
  if (!t) return <span className="cost-none" data-testid="cost-bar">{route.skip ? 'not costed' : '—'}</span>;
  const label = `Cost ${termsSentence(t)}${route.sizeUnknown ? ' (model size unknown, counted as 0 B)' : ''}`;
  return (
    <span className="cost" data-testid="cost-bar" data-total={t.total}>
      <span className="cost-bar" role="img" aria-label={label} title={label}>
        {TERM_NAMES.map((n) => (t[n] > 0 ? <span key={n} className={`term term-${n}`} style={{ width: `${Math.min(100, (t[n] / SCALE) * 100)}%` }} /> : null))}
      </span>
      <strong className="cost-total" data-testid="cost-total">{fmt(t.total)}</strong>
      {route.rank !== null && <span className="rank">#{route.rank}</span>}
    </span>
  );
}

/** The colour key of the bar's terms, shown once under the table. */
export function CostLegend(): React.JSX.Element {
  return (
    <p className="cost-legend" aria-hidden="true">
      {TERM_NAMES.map((n) => <span key={n}><i className={`term term-${n}`} />{n}</span>)}
    </p>
  );
}
