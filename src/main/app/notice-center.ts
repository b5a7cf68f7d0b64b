import type { Notice } from '../../shared/notice.js';
import type { ActivityEntry, ActivityKind } from '../../shared/snapshot.js';
import type { Clock } from '../core/clock.js';
import type { Notifier } from '../network/offline-fallback.js';

export interface NoticeCenterDeps {
  clock: Clock;
  /** The Activity line every notice also gets. */
  note: (level: ActivityEntry['level'], message: string, topic: ActivityKind) => void;
  /** To every dashboard (the `notice` event: a toast). */
  publish: (notice: Notice) => void;
  /** The OS notification (Electron shell); absent headless. */
  desktop?: Notifier;
}

/**
 * Where every notice goes out: a line in Activity, the `notice` event for the dashboards' toasts, and
 * the shell's OS notification. A desktop notifier that throws (no notification daemon) loses nothing:
 * the Activity line and the toast are already out.
 */
export class NoticeCenter {
  private nextId = 1;

  constructor(private readonly deps: NoticeCenterDeps) {}

  post(input: { level?: ActivityEntry['level']; kind: ActivityKind; title: string; body: string }): Notice {
    const notice: Notice = { id: this.nextId++, at: this.deps.clock.now(), level: input.level ?? 'info', kind: input.kind, title: input.title, body: input.body };
    this.deps.note(notice.level, `${notice.title}. ${notice.body}`, notice.kind);
    this.deps.publish(notice);
    try {
      this.deps.desktop?.(notice.title, notice.body);
    } catch {
      // The desktop notification is a courtesy; Activity and the dashboard have it.
    }
    return notice;
  }
}
