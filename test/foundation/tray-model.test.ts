import { describe, expect, it } from 'vitest';
import { buildTrayModel, type TrayItem, type TrayModel } from '../../src/main/tray/tray-model.js';
import type { Snapshot, WorkerStatus } from '../../src/shared/snapshot.js';
import { emptySnapshot } from '../support/snapshot-fixture.js';

// Local time, so the formatted snooze end reads the same in every time zone.
const now = new Date(2025, 5, 10, 12, 0).getTime(); // Tue 10 Jun 12:00
const at1305 = new Date(2025, 5, 10, 13, 5).getTime();
const tomorrow0800 = new Date(2025, 5, 11, 8, 0).getTime();

const worker = (w: Partial<WorkerStatus>): WorkerStatus => ({ state: 'running', reasons: [], snoozedUntil: null, running: 0, capacity: 2, ...w });
const noModel = { code: 'no_model' as const, message: 'No local model is active: add or download a model to offer compute.' };
const scanning = { state: 'scanning+advertising', detail: '', droppedFrames: 0 } as const;
const credits = { earned: 10, spent: 2, pending: 3.25, synced: 6.75, lastSync: null };


/** The menu as lines a person would read: "( ) Off", "(•) On", "[x] label" for disabled, "▸ Snooze: a | b". */
function menuLines(items: TrayItem[]): string[] {
  return items.map((item) => {
    switch (item.kind) {
      case 'separator':
        return '---';
      case 'status':
        return `# ${item.label}`;
      case 'mode':
        return `${item.checked ? '(•)' : '( )'} ${item.label}`;
      case 'action':
        return item.enabled ? item.label : `[x] ${item.label}`;
      case 'submenu':
        return `▸ ${item.label}: ${item.items.map((i) => i.label).join(' | ')}`;
    }
  });
}

const withPeers = (n: number): Snapshot['peers'] =>
  Array.from({ length: n }, (_, i) => ({
    id: `p${i}`, name: `Phone ${i}`, profile: 'mesh', deviceType: 'phone', model: 'm', paramSize: 1, batteryPct: 50, currentLoad: 0, rssi: -50,
    lastSeenAt: now, sameMesh: true, agentId: null, route: { terms: null, rank: null, skip: null, sizeUnknown: false },
  }));

const cases: Array<{ name: string; snapshot: Partial<Snapshot>; icon: TrayModel['icon']; tooltip: string[]; work: string[] }> = [
  {
    name: 'off',
    snapshot: { mode: 'off', worker: worker({ state: 'off' }) },
    icon: 'tray-off',
    tooltip: ['EdgeCoder Runner — Off', 'Worker off'],
    work: [],
  },
  {
    name: 'on, running with no task yet, credits pending',
    snapshot: { mode: 'on', worker: worker({}), credits, bluetooth: scanning, peers: withPeers(2) },
    icon: 'tray-on',
    tooltip: ['EdgeCoder Runner — On', 'Worker running: waiting for tasks', '2 nearby devices', '3.25 credits pending sync'],
    work: ['▸ Snooze: 15 minutes | 1 hour | Until tomorrow 08:00', '[x] Finish running tasks, then stop (none running)'],
  },
  {
    name: 'on, running 1 task, Bluetooth not scanning, nothing pending',
    snapshot: { mode: 'on', worker: worker({ running: 1 }), credits: { ...credits, pending: 0 } },
    icon: 'tray-on',
    tooltip: ['EdgeCoder Runner — On', 'Worker running: 1 task of 2', 'No credits pending sync'],
    work: ['▸ Snooze: 15 minutes | 1 hour | Until tomorrow 08:00', 'Finish running tasks, then stop'],
  },
  {
    name: 'bluetooth-local, running 2 tasks, 1 device',
    snapshot: { mode: 'bluetooth-local', worker: worker({ running: 2 }), bluetooth: scanning, peers: withPeers(1) },
    icon: 'tray-bluetooth',
    tooltip: ['EdgeCoder Runner — Bluetooth Local', 'Worker running: 2 tasks of 2', '1 nearby device'],
    work: ['▸ Snooze: 15 minutes | 1 hour | Until tomorrow 08:00', 'Finish running tasks, then stop'],
  },
  {
    name: 'paused (no model): the first reason',
    snapshot: { mode: 'bluetooth-local', worker: worker({ state: 'paused', reasons: [noModel, { code: 'power_on_battery', message: 'second' }] }), bluetooth: scanning, peers: withPeers(0) },
    icon: 'tray-paused',
    tooltip: ['EdgeCoder Runner — Bluetooth Local', `Paused: ${noModel.message}`, '0 nearby devices'],
    work: ['▸ Snooze: 15 minutes | 1 hour | Until tomorrow 08:00', '[x] Finish running tasks, then stop (none running)'],
  },
  {
    name: 'snoozed until today 13:05',
    snapshot: { mode: 'on', worker: worker({ state: 'snoozed', snoozedUntil: at1305, reasons: [{ code: 'snoozed', message: 'Snoozed until 13:05' }] }) },
    icon: 'tray-paused',
    tooltip: ['EdgeCoder Runner — On', 'Snoozed until 13:05'],
    work: ['Resume (snoozed until 13:05)'],
  },
  {
    name: 'snoozed until tomorrow 08:00',
    snapshot: { mode: 'bluetooth-local', worker: worker({ state: 'snoozed', snoozedUntil: tomorrow0800 }) },
    icon: 'tray-paused',
    tooltip: ['EdgeCoder Runner — Bluetooth Local', 'Snoozed until Wed 11 Jun 08:00'],
    work: ['Resume (snoozed until Wed 11 Jun 08:00)'],
  },
  {
    name: 'draining: finishing 3 tasks, then Off',
    snapshot: { mode: 'on', worker: worker({ state: 'draining', running: 3, reasons: [{ code: 'draining', message: 'Finishing 3 running task(s), then switching to Off' }] }) },
    icon: 'tray-paused',
    tooltip: ['EdgeCoder Runner — On', 'Finishing 3 running tasks, then Off'],
    work: ['Resume (cancel the stop)'],
  },
];

/** The status line: the tooltip's worker line, cut to 60 characters. */
const status = (line: string): string => (line.length > 60 ? `${line.slice(0, 59)}…` : line);

describe('tray model, state by state', () => {
  it.each(cases)('$name', ({ snapshot, icon, tooltip, work }) => {
    const s = emptySnapshot(snapshot);
    const model = buildTrayModel(s, now);
    expect(model.icon).toBe(icon);
    expect(model.tooltip.split('\n')).toEqual(tooltip);
    const modes = (['off', 'on', 'bluetooth-local'] as const).map((m) => `${m === s.mode ? '(•)' : '( )'} ${{ off: 'Off', on: 'On', 'bluetooth-local': 'Bluetooth Local' }[m]}`);
    expect(menuLines(model.items)).toEqual([
      `# ${status(tooltip[1] ?? '')}`,
      '---',
      ...modes,
      ...(work.length ? ['---', ...work] : []),
      '---',
      'Open Dashboard',
      'Quit EdgeCoder Runner',
    ]);
  });

  it('every item carries the action the controller runs for it', () => {
    const model = buildTrayModel(emptySnapshot({ mode: 'on', worker: worker({ running: 1 }) }), now);
    const actions = model.items.flatMap((i) => (i.kind === 'submenu' ? i.items : [i])).flatMap((i) => ('action' in i ? [i.action] : []));
    expect(actions).toEqual([
      { kind: 'set-mode', mode: 'off' },
      { kind: 'set-mode', mode: 'on' },
      { kind: 'set-mode', mode: 'bluetooth-local' },
      { kind: 'snooze', preset: '15m' },
      { kind: 'snooze', preset: '1h' },
      { kind: 'snooze', preset: 'tomorrow' },
      { kind: 'finish-then-stop' },
      { kind: 'open-dashboard' },
      { kind: 'quit' },
    ]);
  });

  it('shortens a long reason in the status line but keeps it whole in the tooltip', () => {
    const message = 'x'.repeat(100);
    const model = buildTrayModel(emptySnapshot({ mode: 'on', worker: worker({ state: 'paused', reasons: [{ code: 'power_thermal', message }] }) }), now);
    expect(model.items[0]).toEqual({ kind: 'status', label: `Paused: ${'x'.repeat(51)}…` });
    expect(model.tooltip).toContain(`Paused: ${message}`);
  });
});
