import type { CreditsSummary } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';

const fmt = (n: number): string => n.toLocaleString(undefined, { maximumFractionDigits: 2 });

export function CreditsPanel({ credits }: { credits: CreditsSummary | null }): React.JSX.Element {
  return (
    <Panel title="Credits" testId="panel-credits">
      {credits === null ? (
        <EmptyState
          what="Credits earned and spent, pending and synced to the coordinator, will appear here."
          why="The offline ledger has not recorded anything on this computer yet."
        />
      ) : (
        <dl className="figures">
          <div><dt>Earned</dt><dd data-testid="credits-earned">{fmt(credits.earned)}</dd></div>
          <div><dt>Spent</dt><dd>{fmt(credits.spent)}</dd></div>
          <div><dt>Pending sync</dt><dd>{fmt(credits.pending)}</dd></div>
          <div><dt>Synced</dt><dd>{fmt(credits.synced)}</dd></div>
        </dl>
      )}
    </Panel>
  );
}
