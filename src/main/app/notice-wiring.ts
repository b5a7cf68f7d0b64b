import type { Clock } from '../core/clock.js';
import type { EventBus } from '../events/event-bus.js';
import type { Ledger } from '../ledger/create-ledger.js';
import type { Notifier } from '../network/offline-fallback.js';
import type { AppEvent } from '../events/app-events.js';
import { NoticeCenter } from './notice-center.js';
import type { SnapshotService } from './snapshot-service.js';
import { readBackChargeLine } from './readback-notes.js';
import { SyncNoticeRule } from './sync-notices.js';

/**
 * Notices for the network fallback and the ledger's sync results (Activity, toast, OS notification).
 * Returns the Notifier the network fallback calls and the hook for the coordinator coming back.
 */
export function wireNotices(deps: { snapshot: SnapshotService; bus: EventBus<AppEvent>; clock: Clock; ledger: Ledger | null; desktop?: Notifier; onSynced: () => void; nameOf?: (agentId: string) => string | null }): {
  notify: Notifier;
  networkRestored: () => void;
} {
  const center = new NoticeCenter({
    clock: deps.clock,
    note: (level, message, topic) => deps.snapshot.note(level, message, topic),
    publish: (notice) => deps.bus.publish({ name: 'notice', payload: notice }),
    ...(deps.desktop ? { desktop: deps.desktop } : {}),
  });
  const rule = new SyncNoticeRule();
  deps.ledger?.sync.onResult((result) => {
    deps.onSynced();
    const outcome = rule.outcome(result);
    if (outcome.kind === 'notice') center.post({ level: outcome.level, kind: 'credits', title: outcome.title, body: outcome.body });
    else if (outcome.kind === 'activity') deps.snapshot.note(outcome.level, outcome.message, 'credits');
  });
  deps.ledger?.readback?.onCharges((charges) => {
    deps.onSynced();
    for (const c of charges) {
      const line = readBackChargeLine(c, deps.nameOf?.(c.providerId) ?? c.providerId);
      deps.snapshot.note(line.level, line.text, line.topic);
    }
  });
  return {
    notify: (title, body) => center.post({ kind: 'network', title, body }),
    networkRestored: () => rule.networkRestored(),
  };
}
