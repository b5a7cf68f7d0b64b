import { computeModeLabels, type ComputeMode } from '../../shared/modes.js';
import type { Snapshot } from '../../shared/snapshot.js';

/** What the tray shows, as data: the Electron shell turns it into a Tray + Menu (and tests read it). */
export interface TrayModel {
  icon: 'tray-off' | 'tray-on' | 'tray-bluetooth';
  tooltip: string;
  items: TrayItem[];
}

export type TrayItem =
  | { kind: 'mode'; mode: ComputeMode; label: string; checked: boolean }
  | { kind: 'status'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; action: 'open-dashboard' | 'quit'; label: string };

const iconFor: Record<ComputeMode, TrayModel['icon']> = { off: 'tray-off', on: 'tray-on', 'bluetooth-local': 'tray-bluetooth' };

export function buildTrayModel(snapshot: Snapshot): TrayModel {
  const worker =
    snapshot.worker.state === 'off'
      ? 'Worker off'
      : snapshot.worker.state === 'running'
        ? 'Worker running'
        : `Paused: ${snapshot.worker.reasons[0]?.message ?? 'see dashboard'}`;
  const peers = snapshot.peers.length;
  const tooltip = `EdgeCoder Runner — ${computeModeLabels[snapshot.mode]}\n${worker}${
    snapshot.mode === 'bluetooth-local' ? `\n${peers} nearby device${peers === 1 ? '' : 's'}` : ''
  }`;
  const modes: ComputeMode[] = ['off', 'on', 'bluetooth-local'];
  return {
    icon: iconFor[snapshot.mode],
    tooltip,
    items: [
      { kind: 'status', label: worker.length > 60 ? `${worker.slice(0, 59)}…` : worker },
      { kind: 'separator' },
      ...modes.map((mode): TrayItem => ({ kind: 'mode', mode, label: computeModeLabels[mode], checked: snapshot.mode === mode })),
      { kind: 'separator' },
      { kind: 'action', action: 'open-dashboard', label: 'Open Dashboard' },
      { kind: 'action', action: 'quit', label: 'Quit EdgeCoder Runner' },
    ],
  };
}
