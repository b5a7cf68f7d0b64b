import { useEffect, useState } from 'react';
import type { RunnerApi } from '../../../shared/contract.js';
import type { LedgerPeerTotal } from '../../../shared/ledger-status.js';
import type { RoutedRequest, RouteStanding } from '../../../shared/routing.js';
import { explainTerms, fmt, fmtCredits, type TermInputs } from '../../components/device-words.js';

const time = (at: number): string => new Date(at).toLocaleTimeString();

/** Credits exchanged with one mesh agent, from the Credits report's per-peer totals. */
function useCreditsWith(api: RunnerApi, agentId: string | null, version: unknown): { total: LedgerPeerTotal | null; loaded: boolean } {
  const [state, setState] = useState<{ total: LedgerPeerTotal | null; loaded: boolean }>({ total: null, loaded: false });
  useEffect(() => {
    if (agentId === null) return undefined;
    let live = true;
    api.getCreditsReport({}).then(
      (r) => live && setState({ total: r?.peers.find((p) => p.peerId === agentId) ?? null, loaded: true }),
      () => live && setState({ total: null, loaded: true }),
    );
    return () => {
      live = false;
    };
  }, [api, agentId, version]);
  return state;
}

export interface DeviceDetailsProps {
  api: RunnerApi;
  id: string;
  route: RouteStanding;
  inputs: TermInputs;
  agentId: string | null;
  recent: RoutedRequest[];
  /** Changes (by identity) whenever the Credits slice is replaced. */
  creditsVersion: unknown;
}

/** Why a device costs what it costs, term by term with its input; its recent requests; credits with it. */
export function DeviceDetails(p: DeviceDetailsProps): React.JSX.Element {
  const credits = useCreditsWith(p.api, p.agentId, p.creditsVersion);
  const mine = p.recent.filter((r) => r.servedBy?.id === p.id || r.attempts.some((a) => a.deviceId === p.id)).slice(0, 5);
  return (
    <div className="device-details" data-testid="device-details">
      <h3>Cost</h3>
      {p.route.terms ? (
        <ul className="terms">
          {explainTerms(p.route.terms, p.inputs).map((l) => (
            <li key={l.name} data-testid={`term-${l.name}`}><i className={`term term-${l.name}`} aria-hidden="true" /><strong>{l.text}</strong> <span className="sub-inline">{l.rule}</span></li>
          ))}
          <li><strong>total {fmt(p.route.terms.total)}</strong>{p.route.rank !== null ? ` — rank ${p.route.rank} for the next request` : ''}</li>
        </ul>
      ) : <p>Not costed: {p.route.skip?.message ?? 'its load or model is not known yet.'}</p>}
      {p.route.skip && p.route.terms && <p className="sub-inline">Never used now: {p.route.skip.message}</p>}
      <h3>Recent requests</h3>
      {mine.length === 0 ? <p className="sub-inline">No request routed from this computer has gone to it yet.</p> : (
        <ul className="device-requests">
          {mine.map((r) => {
            const attempt = r.attempts.find((a) => a.deviceId === p.id);
            return <li key={r.id}>{time(r.at)} · {attempt?.outcome ?? (r.ok ? 'served' : 'failed')} · {r.completionTokens} tokens · {fmt(attempt?.ms ?? r.latencyMs)} ms</li>;
          })}
        </ul>
      )}
      <h3>Credits</h3>
      <p data-testid="device-credits">
        {p.agentId === null ? 'No credits: only mesh devices with a known identity are paid.'
          : !credits.loaded ? 'Loading…'
            : credits.total ? `Earned ${fmtCredits(credits.total.earned)} from it, spent ${fmtCredits(credits.total.spent)} on it, over ${credits.total.count} task(s).`
              : 'No credits exchanged with it yet.'}
      </p>
    </div>
  );
}
