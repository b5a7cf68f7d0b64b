import type { LedgerSyncResult } from '../../shared/ledger-status.js';
import type { ActivityEntry } from '../../shared/snapshot.js';

/** What one sync result becomes: a notice (toast, OS notification, and its Activity line), a plain Activity line, or nothing. */
export type SyncOutcome =
  | { kind: 'notice'; level: ActivityEntry['level']; title: string; body: string }
  | { kind: 'activity'; level: ActivityEntry['level']; message: string }
  | { kind: 'none' };

function counts(result: LedgerSyncResult): string {
  const parts = [`${result.applied} applied`, `${result.skipped} skipped`];
  if (result.rejected > 0) parts.push(`${result.rejected} rejected`);
  if (result.deferred > 0) parts.push(`${result.deferred} deferred`);
  return parts.join(', ');
}

/**
 * Which ledger sync results interrupt the user. The first sync that moves anything after the app
 * started, after the coordinator came back or after a failure is announced (that is the backlog going
 * through); so is the first failure of a run. The routine syncs that follow each task while online,
 * and repeated failures while it retries, only get an Activity line, so nobody is flooded.
 */
export class SyncNoticeRule {
  private announceNext = true;
  private failing = false;

  /** The coordinator is reachable again: its next sync is announced. */
  networkRestored(): void {
    this.announceNext = true;
  }

  outcome(result: LedgerSyncResult): SyncOutcome {
    if (result.error) {
      const first = !this.failing;
      this.failing = true;
      this.announceNext = true;
      return first
        ? { kind: 'notice', level: 'warn', title: 'Credits sync failed', body: `${result.error}. It is retried automatically.` }
        : { kind: 'activity', level: 'warn', message: `Ledger sync failed again (will retry): ${result.error}` };
    }
    this.failing = false;
    if (result.applied + result.skipped + result.rejected === 0) return { kind: 'none' };
    if (this.announceNext) {
      this.announceNext = false;
      return { kind: 'notice', level: result.rejected > 0 ? 'warn' : 'info', title: 'Credits synced', body: `The coordinator took the offline ledger: ${counts(result)}.` };
    }
    return { kind: 'activity', level: 'info', message: `Ledger synced: ${counts(result)}.` };
  }
}
