/**
 * What the Activity panel says about the ledger's syncs, the model choice and model downloads, and the
 * desktop notifications (every notice is also an Activity line). Each returns the line, or null when
 * there is nothing worth saying.
 */
import type { LedgerSyncResult } from '../../shared/ledger-status.js';
import type { DownloadProgress, ModelEntry } from '../models/model-types.js';
import type { Notifier } from '../network/offline-fallback.js';
import type { ActivityLine } from './mesh-task-notes.js';

/** A failed sync (it will retry) is a warning; a sync that settled nothing says nothing. */
export function ledgerSyncLine(result: Pick<LedgerSyncResult, 'error' | 'applied' | 'skipped'>): ActivityLine | null {
  if (result.error) return { level: 'warn', text: `Ledger sync failed (will retry): ${result.error}` };
  if (result.applied + result.skipped > 0) return { level: 'info', text: `Ledger synced: ${result.applied} applied, ${result.skipped} skipped.` };
  return null;
}

/** The active model changed: the new one, or none (the worker pauses). */
export function modelChosenLine(entry: Pick<ModelEntry, 'fileName'> | null): ActivityLine {
  return { level: 'info', text: entry ? `Model ${entry.fileName} chosen.` : 'No model chosen: the worker pauses.' };
}

/** A download finished or failed (progress says nothing). */
export function downloadLine(d: Pick<DownloadProgress, 'state' | 'fileName' | 'uri' | 'error'>): ActivityLine | null {
  const name = d.fileName ?? d.uri;
  if (d.state === 'done') return { level: 'info', text: `Downloaded ${name}.` };
  if (d.state === 'failed') return { level: 'warn', text: `Download of ${name} failed: ${d.error ?? 'unknown error'}` };
  return null;
}

/** The line a notice leaves in Activity: "Title. Body". */
export function noticeLine(title: string, body: string): ActivityLine {
  return { level: 'info', text: `${title}. ${body}` };
}

/** A notifier that writes every notice to Activity and passes it on to the shell's notifications, if any. */
export function activityNotifier(note: (level: ActivityLine['level'], text: string) => void, desktop?: Notifier): Notifier {
  return (title, body) => {
    const line = noticeLine(title, body);
    note(line.level, line.text);
    desktop?.(title, body);
  };
}

/** The line when the ledger cannot open: credits and the mesh need the identity it holds. */
export function ledgerUnavailableLine(err: unknown): ActivityLine {
  return { level: 'error', text: `Credits and Bluetooth are unavailable: ${err instanceof Error ? err.message : String(err)}` };
}

/** Writes a line (if any) through `note`. */
export function say(note: (level: ActivityLine['level'], text: string) => void, line: ActivityLine | null): void {
  if (line) note(line.level, line.text);
}
