import { computeModeLabels, type ComputeMode } from '../../shared/modes.js';
import type { Snapshot } from '../../shared/snapshot.js';
import type { SnoozePreset } from '../../shared/snooze-args.js';
import { formatLocalTime } from '../worker/snooze.js';
import type { TrayAction } from './tray-actions.js';

/** The icon files under resources/tray the shell loads (each with @2x and macOS Template variants). */
export const TRAY_ICONS = ['tray-off', 'tray-on', 'tray-bluetooth', 'tray-paused'] as const;
export type TrayIcon = (typeof TRAY_ICONS)[number];

/** What the tray shows, as data: the Electron shell turns it into a Tray + Menu (and tests read it). */
export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  items: TrayItem[];
}

export type TrayItem =
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'mode'; label: string; checked: boolean; action: Extract<TrayAction, { kind: 'set-mode' }> }
  | { kind: 'action'; label: string; enabled: boolean; action: TrayAction }
  | { kind: 'submenu'; label: string; items: Array<Extract<TrayItem, { kind: 'action' }>> };

const MODES: readonly ComputeMode[] = ['off', 'on', 'bluetooth-local'];

const SNOOZE_LABELS: Record<SnoozePreset, string> = { '15m': '15 minutes', '1h': '1 hour', tomorrow: 'Until tomorrow 08:00' };
const SNOOZE_PRESETS: readonly SnoozePreset[] = ['15m', '1h', 'tomorrow'];

/** Off, or the mode's own icon while work is taken; one "paused" icon whenever the gate holds work. */
export function trayIcon(snapshot: Snapshot): TrayIcon {
  const held = snapshot.worker.state === 'paused' || snapshot.worker.state === 'snoozed' || snapshot.worker.state === 'draining';
  if (snapshot.mode === 'off') return 'tray-off';
  if (held) return 'tray-paused';
  return snapshot.mode === 'on' ? 'tray-on' : 'tray-bluetooth';
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The worker's state in words, with the first reason the gate gives. */
export function workerLine(snapshot: Snapshot, now: number): string {
  const w = snapshot.worker;
  switch (w.state) {
    case 'off':
      return 'Worker off';
    case 'running':
      return w.running > 0 ? `Worker running: ${plural(w.running, 'task')} of ${w.capacity}` : 'Worker running: waiting for tasks';
    case 'snoozed':
      return w.snoozedUntil === null ? 'Snoozed' : `Snoozed until ${formatLocalTime(w.snoozedUntil, now)}`;
    case 'draining':
      return `Finishing ${plural(w.running, 'running task')}, then Off`;
    case 'paused':
      return `Paused: ${w.reasons[0]?.message ?? 'see the dashboard'}`;
  }
}

const scanning = (snapshot: Snapshot): boolean =>
  snapshot.bluetooth.state === 'scanning' || snapshot.bluetooth.state === 'scanning+advertising';

const credits = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Tooltip lines: mode, worker, nearby devices (while Bluetooth scans), credits waiting to sync. */
export function trayTooltip(snapshot: Snapshot, now: number): string {
  const lines = [`EdgeCoder Runner — ${computeModeLabels[snapshot.mode]}`, workerLine(snapshot, now)];
  if (snapshot.mode !== 'off' && scanning(snapshot)) lines.push(`${plural(snapshot.peers.length, 'nearby device')}`);
  if (snapshot.credits !== null) {
    const pending = snapshot.credits.pending;
    lines.push(pending > 0 ? `${credits(pending)} credits pending sync` : 'No credits pending sync');
  }
  return lines.join('\n');
}

/** Snooze (working), Resume (snoozed or finishing), "Finish running tasks, then stop" (enabled while tasks run). */
function workItems(snapshot: Snapshot, now: number): TrayItem[] {
  const w = snapshot.worker;
  if (w.state === 'off') return [];
  if (w.state === 'snoozed' || w.state === 'draining') {
    const why =
      w.state === 'draining' ? 'cancel the stop' : w.snoozedUntil === null ? 'snoozed' : `snoozed until ${formatLocalTime(w.snoozedUntil, now)}`;
    return [{ kind: 'action', label: `Resume (${why})`, enabled: true, action: { kind: 'resume' } }];
  }
  return [
    {
      kind: 'submenu',
      label: 'Snooze',
      items: SNOOZE_PRESETS.map((preset) => ({ kind: 'action', label: SNOOZE_LABELS[preset], enabled: true, action: { kind: 'snooze', preset } })),
    },
    {
      kind: 'action',
      label: w.running > 0 ? 'Finish running tasks, then stop' : 'Finish running tasks, then stop (none running)',
      enabled: w.running > 0,
      action: { kind: 'finish-then-stop' },
    },
  ];
}

const ellipsis = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The whole tray for one snapshot; `now` formats the snooze end ("13:05", or a weekday on another day). */
export function buildTrayModel(snapshot: Snapshot, now: number): TrayModel {
  const work = workItems(snapshot, now);
  return {
    icon: trayIcon(snapshot),
    tooltip: trayTooltip(snapshot, now),
    items: [
      { kind: 'status', label: ellipsis(workerLine(snapshot, now), 60) },
      { kind: 'separator' },
      ...MODES.map(
        (mode): TrayItem => ({ kind: 'mode', label: computeModeLabels[mode], checked: snapshot.mode === mode, action: { kind: 'set-mode', mode } }),
      ),
      ...(work.length ? [{ kind: 'separator' } as const, ...work] : []),
      { kind: 'separator' },
      { kind: 'action', label: 'Open Dashboard', enabled: true, action: { kind: 'open-dashboard' } },
      { kind: 'action', label: 'Quit EdgeCoder Runner', enabled: true, action: { kind: 'quit' } },
    ],
  };
}
