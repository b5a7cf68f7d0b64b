import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { NoticeCenter } from '../../src/main/app/notice-center.js';
import { SyncNoticeRule } from '../../src/main/app/sync-notices.js';
import type { LedgerSyncResult } from '../../src/shared/ledger-status.js';
import type { Notice } from '../../src/shared/notice.js';

const ok = (applied: number, skipped = 0, rejected = 0): LedgerSyncResult => ({ at: 1, applied, skipped, rejected, deferred: 0, error: null });
const failed = (error: string): LedgerSyncResult => ({ at: 1, applied: 0, skipped: 0, rejected: 0, deferred: 0, error });

describe('SyncNoticeRule', () => {
  it('announces the first sync that moves anything, then keeps routine syncs to Activity', () => {
    const rule = new SyncNoticeRule();
    expect(rule.outcome(ok(0)).kind).toBe('none');
    expect(rule.outcome(ok(3, 1))).toEqual({ kind: 'notice', level: 'info', title: 'Credits synced', body: 'The coordinator took the offline ledger: 3 applied, 1 skipped.' });
    expect(rule.outcome(ok(1))).toEqual({ kind: 'activity', level: 'info', message: 'Ledger synced: 1 applied, 0 skipped.' });
  });

  it('announces the first failure of a run only, and the sync after a failure or a restored network', () => {
    const rule = new SyncNoticeRule();
    rule.outcome(ok(1));
    expect(rule.outcome(failed('fetch failed'))).toMatchObject({ kind: 'notice', level: 'warn', title: 'Credits sync failed' });
    expect(rule.outcome(failed('fetch failed'))).toMatchObject({ kind: 'activity', level: 'warn' });
    expect(rule.outcome(ok(2, 0, 1))).toMatchObject({ kind: 'notice', level: 'warn', body: 'The coordinator took the offline ledger: 2 applied, 0 skipped, 1 rejected.' });
    expect(rule.outcome(ok(1)).kind).toBe('activity');
    rule.networkRestored();
    expect(rule.outcome(ok(4)).kind).toBe('notice');
  });
});

describe('NoticeCenter', () => {
  it('sends each notice to Activity, the dashboards and the desktop, with increasing ids; a failing desktop loses nothing', () => {
    const clock = new ManualClock(5_000);
    const notes: string[] = [];
    const published: Notice[] = [];
    const center = new NoticeCenter({
      clock,
      note: (level, message, topic) => notes.push(`${level}/${topic}: ${message}`),
      publish: (n) => published.push(n),
      desktop: () => {
        throw new Error('no notification daemon');
      },
    });
    center.post({ kind: 'network', title: 'Coordinator unreachable', body: 'Switched to Bluetooth Local.' });
    center.post({ level: 'warn', kind: 'credits', title: 'Credits sync failed', body: 'refused.' });
    expect(notes).toEqual(['info/network: Coordinator unreachable. Switched to Bluetooth Local.', 'warn/credits: Credits sync failed. refused.']);
    expect(published.map((n) => [n.id, n.at, n.kind, n.title])).toEqual([[1, 5_000, 'network', 'Coordinator unreachable'], [2, 5_000, 'credits', 'Credits sync failed']]);
  });
});
