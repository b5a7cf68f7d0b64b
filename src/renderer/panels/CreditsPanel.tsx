import { memo, useEffect, useState } from 'react';
import type { RunnerApi } from '../../shared/contract.js';
import type { LedgerStatus } from '../../shared/ledger-status.js';
import { readBackWords, unacknowledgedWords } from './credits-words.js';
import type { CreditsSummary } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';
import { CreditsChart } from './CreditsChart.js';

const fmt = (n: number): string => n.toLocaleString(undefined, { maximumFractionDigits: 3 });

/** Loads the full report whenever the `credits` event brings new figures (the store replaces the slice only then). */
function useCreditsReport(api: RunnerApi, credits: CreditsSummary | null): { report: LedgerStatus | null; error: string | null } {
  const [report, setReport] = useState<LedgerStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.getCreditsReport({}).then(
      (r) => live && setReport(r),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [api, credits]);
  return { report, error };
}

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

function CreditsPanelView({ api, credits }: { api: RunnerApi; credits: CreditsSummary | null }): React.JSX.Element {
  const { report, error } = useCreditsReport(api, credits);
  const [exportError, setExportError] = useState<string | null>(null);
  const exportCsv = (): void => {
    setExportError(null);
    api.exportCreditsCsv({}).then((r) => download(r.filename, r.csv), (err: Error) => setExportError(err.message));
  };

  if (credits === null) {
    return (
      <Panel title="Credits" testId="panel-credits">
        <EmptyState what="Credits earned and spent, pending and synced to the coordinator, will appear here." why={error ?? 'The offline ledger is unavailable on this computer (see Activity).'} />
      </Panel>
    );
  }
  const b = report?.balance;
  const none = b !== undefined && b.pendingCount + b.syncedCount + b.rejectedCount === 0;
  return (
    <Panel title="Credits" testId="panel-credits" aside={<button type="button" className="small" onClick={exportCsv} data-testid="credits-export">Export CSV</button>}>
      <dl className="figures four">
        <div><dt>Earned</dt><dd data-testid="credits-earned">{fmt(credits.earned)}</dd></div>
        <div><dt>Spent</dt><dd data-testid="credits-spent">{fmt(credits.spent)}</dd></div>
        <div><dt>Pending sync</dt><dd data-testid="credits-pending">{fmt(credits.pending)}</dd></div>
        <div><dt>Synced</dt><dd data-testid="credits-synced">{fmt(credits.synced)}</dd></div>
      </dl>
      <p className="sync-line" data-testid="credits-last-sync">
        {credits.lastSync === null
          ? 'Not synced yet: pending transactions go to the coordinator when it is reachable.'
          : credits.lastSync.error
            ? `Last sync ${new Date(credits.lastSync.at).toLocaleTimeString()} failed: ${credits.lastSync.error}`
            : `Last sync ${new Date(credits.lastSync.at).toLocaleTimeString()}: ${credits.lastSync.applied} applied, ${credits.lastSync.skipped} skipped${credits.lastSync.rejected ? ` (${credits.lastSync.rejected} rejected)` : ''}${credits.lastSync.deferred ? `, ${credits.lastSync.deferred} waiting to retry` : ''}.`}
      </p>
      {exportError && <p className="error" role="alert">{exportError}</p>}
      {report?.unacknowledged?.map((u) => <p key={`u-${u.peerId}`} className="sync-line" data-testid="credits-unacknowledged">{unacknowledgedWords(u)}</p>)}
      {report?.readBackCharges?.map((r) => <p key={`r-${r.peerId}`} className="sync-line" data-testid="credits-read-back">{readBackWords(r)}</p>)}
      {none ? (
        <EmptyState what="A chart of credits over time and totals per nearby device will appear here." why="No task has been run for or by another device yet." />
      ) : report ? (
        <>
          <CreditsChart series={report.series} />
          <table className="peers" data-testid="credits-peers">
            <thead><tr><th>Device</th><th>Earned</th><th>Spent</th><th>Tasks</th></tr></thead>
            <tbody>
              {report.peers.map((p) => (
                <tr key={p.peerId} data-testid="credits-peer-row">
                  <td title={`Agent ${p.peerId}`}>
                    {p.name ? <><strong>{p.name}</strong><span className="sub">{p.peerId.slice(0, 18)}…</span></> : p.peerId.slice(0, 18)}
                  </td>
                  <td>{fmt(p.earned)}</td><td>{fmt(p.spent)}</td><td>{p.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {report && <p className="sub" title="This computer's agent id">Agent {report.agentId}</p>}
    </Panel>
  );
}

/** Memoised on its slice: a peers change (several a second with 200 devices) passes it by. */
export const CreditsPanel = memo(CreditsPanelView);
