import { SimSetDeviceArgsSchema, type SimDeviceState, type SimSetDeviceArgs } from '../../shared/sim-status.js';

/** What the Simulator panel's row inputs hold (text, as typed). */
export interface DeviceDraft {
  batteryPct: string;
  currentLoad: string;
  rssi: string;
}

const labels: Record<string, string> = { batteryPct: 'Battery', currentLoad: 'Load', rssi: 'RSSI' };

export function draftOf(d: SimDeviceState): DeviceDraft {
  return { batteryPct: String(d.batteryPct), currentLoad: d.currentLoad === null ? '' : String(d.currentLoad), rssi: String(d.rssi) };
}

/**
 * The simSetDevice change a row's inputs ask for, checked by the contract's own schema (so the panel
 * and the core refuse the same things), or the problems in words. An iPhone has no load to send.
 */
export function deviceChange(device: SimDeviceState, draft: DeviceDraft): { ok: true; args: SimSetDeviceArgs } | { ok: false; error: string } {
  const problems: string[] = [];
  const num = (field: keyof DeviceDraft): number | undefined => {
    const text = draft[field].trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) {
      problems.push(`${labels[field] ?? field}: enter a number`);
      return undefined;
    }
    return value;
  };
  const raw = {
    id: device.id,
    batteryPct: num('batteryPct'),
    ...(device.currentLoad === null ? {} : { currentLoad: num('currentLoad') }),
    rssi: num('rssi'),
  };
  if (problems.length) return { ok: false, error: problems.join('; ') };
  const parsed = SimSetDeviceArgsSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${labels[String(i.path[0])] ?? 'Change'}: ${i.message}`).join('; ') };
  return { ok: true, args: parsed.data };
}

/**
 * A row's edit in progress, kept by the panel (rows of a long list exist only near view, so a row
 * scrolled away and back must find what was typed): the draft, the row's error, and the device state
 * they started from.
 */
export interface RowEdit {
  basis: string;
  draft: DeviceDraft;
  error: string | null;
}

/** What the row shows: its edit while the device is as it was, else the device's new values (a new state from the core replaces what was typed). */
export function rowView(device: SimDeviceState, edit: RowEdit | undefined): RowEdit {
  const basis = JSON.stringify(device);
  return edit && edit.basis === basis ? edit : { basis, draft: draftOf(device), error: null };
}
