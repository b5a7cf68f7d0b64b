import { memo } from 'react';
import type { RunnerApi } from '../../shared/contract.js';
import type { ActivityEntry, Routing } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';
import { fmt, fmtCredits } from '../components/device-words.js';
import { PromptBox } from './routing/PromptBox.js';
import { attemptsLine, codingLine, codingServedForOthers, failovers, whyWon } from './routing/routing-words.js';

const time = (at: number): string => new Date(at).toLocaleTimeString();

/**
 * The last requests this computer routed (local API and the prompt box): who served each and why; and
 * the coding tasks this computer ran for others lately (from Activity).
 */
function RoutingPanelView({ api, routing, activity = [] }: { api: RunnerApi; routing: Routing; activity?: readonly ActivityEntry[] }): React.JSX.Element {
  const recent = [...routing.recent].sort((a, b) => b.at - a.at);
  const forOthers = codingServedForOthers(activity);
  return (
    <Panel title="Routing" testId="panel-routing" aside={<span className="count" aria-label={`${recent.length} recent requests`}>{recent.length}</span>}>
      <PromptBox api={api} />
      {recent.length === 0 ? (
        <EmptyState what="Each request from the local API or the prompt box above will be listed here: the device that served it, why it won (its cost terms against the runner-up's), attempts and failovers, latency, tokens and credits."
          why="No request has been routed since the runner started." />
      ) : (
        <table className="peers routed">
          <caption className="visually-hidden">Recent routed requests, newest first</caption>
          <thead>
            <tr><th scope="col">Time</th><th scope="col">Served by</th><th scope="col">Why</th><th scope="col">Attempts</th><th scope="col">Latency</th><th scope="col">Tokens</th><th scope="col">Credits</th></tr>
          </thead>
          <tbody>
            {recent.map((r) => (
              <tr key={r.id} data-testid="routed-row" data-source={r.source} className={r.ok ? '' : 'failed'}>
                <td>{time(r.at)}<span className="sub">{r.source === 'local-api' ? 'local API' : 'dashboard'} · {r.model}</span>
                  {r.coding && <span className="sub" data-testid="routed-coding">{codingLine(r)}</span>}</td>
                <td data-testid="routed-served-by">{r.servedBy ? <strong>{r.servedBy.name}</strong> : <span className="bad-text">not served</span>}</td>
                <td data-testid="routed-why">{whyWon(r)}</td>
                <td data-testid="routed-attempts">{r.attempts.length}{failovers(r) > 0 && <span className="warn-text"> ({failovers(r)} failover{failovers(r) > 1 ? 's' : ''})</span>}
                  <span className="sub">{attemptsLine(r)}</span></td>
                <td>{fmt(r.latencyMs)} ms</td>
                <td>{r.completionTokens}</td>
                <td>{r.credits === null ? '—' : fmtCredits(r.credits)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {forOthers.length > 0 && (
        <div data-testid="coding-for-others">
          <p className="sub-inline">Coding tasks this computer ran for others</p>
          <ul>{forOthers.map((e) => <li key={`${e.at}-${e.message}`} className={e.level === 'info' ? '' : 'warn-text'}>{time(e.at)} {e.message}</li>)}</ul>
        </div>
      )}
    </Panel>
  );
}

/** Memoised on its slice: a peers change (several a second with 200 devices) passes it by. */
export const RoutingPanel = memo(RoutingPanelView);
