import type { RouteStanding } from '../../shared/routing.js';

const fmt = (n: number): string => String(Number(n.toFixed(2)));

/** The four seed 000 terms in words, for a tooltip. */
export function termsTitle(route: RouteStanding): string {
  const t = route.terms;
  if (!t) return route.skip?.message ?? '';
  const size = route.sizeUnknown ? ' (size unknown, counted as 0 B)' : '';
  return `model ${fmt(t.model)}${size} + load ${fmt(t.load)} + battery ${fmt(t.battery)} + signal ${fmt(t.signal)} = ${fmt(t.total)}`;
}

/** A device's routing cost (total, rank, terms on hover and in small text) or why it is never used. */
export function RouteCell({ route }: { route: RouteStanding }): React.JSX.Element {
  const t = route.terms;
  if (route.skip) {
    return (
      <td data-testid="route-cell" title={termsTitle(route)}>
        <span className="skip">Not used</span>
        <span className="sub">{route.skip.message}</span>
      </td>
    );
  }
  return (
    <td data-testid="route-cell" title={termsTitle(route)}>
      <strong>{t ? fmt(t.total) : '—'}</strong>{route.rank !== null && <span className="rank"> #{route.rank}</span>}
      {t && (
        <span className="sub">
          {fmt(t.model)} + {fmt(t.load)} + {fmt(t.battery)} + {fmt(t.signal)}{route.sizeUnknown ? ' · size unknown' : ''}
        </span>
      )}
    </td>
  );
}
