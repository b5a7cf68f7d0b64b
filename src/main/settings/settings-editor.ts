import {
  SettingsChangesSchema, settingsFieldErrors, type EditableSettings, type SettingsChanges, type UpdateSettingsResult,
} from '../../shared/settings-edit.js';
import type { Settings } from '../../shared/settings.js';
import type { SettingsStore } from './settings-store.js';

/** The Settings panel's fields, by path, in the order the Activity note names them. */
const FIELDS = [
  'coordinatorUrl', 'meshToken', 'power.runOnlyWhileCharging', 'power.minBatteryPct', 'serveNearbyWhileOn', 'useNearbyWhileOn',
  'worker.maxConcurrentTasks', 'localApi.port', 'startAtLogin', 'inference.gpu',
] as const;
export type SettingsField = (typeof FIELDS)[number];

export function editableSettings(s: Settings): EditableSettings {
  return {
    coordinatorUrl: s.coordinatorUrl, meshToken: s.meshToken, power: { ...s.power }, serveNearbyWhileOn: s.serveNearbyWhileOn,
    useNearbyWhileOn: s.useNearbyWhileOn, worker: { ...s.worker }, localApi: { ...s.localApi }, startAtLogin: s.startAtLogin,
    inference: { ...s.inference },
  };
}

/**
 * Checks a partial change from the panel and saves it: every refused field gets its sentence and
 * nothing is saved; otherwise the nested groups are merged (a change to power.minBatteryPct keeps
 * runOnlyWhileCharging) and the store's listeners apply it live.
 */
export function editSettings(store: SettingsStore, changes: unknown): UpdateSettingsResult {
  const parsed = SettingsChangesSchema.safeParse(changes);
  if (!parsed.success) return { ok: false, settings: editableSettings(store.read()), fieldErrors: settingsFieldErrors(parsed.error) };
  const before = store.read();
  const after = store.update(mergeChanges(before, parsed.data));
  return { ok: true, settings: editableSettings(after), changed: changedFields(before, after) };
}

export function mergeChanges(current: Settings, changes: SettingsChanges): Partial<Settings> {
  const { power, worker, localApi, inference, ...flat } = changes;
  return {
    ...flat,
    ...(power ? { power: { ...current.power, ...power } } : {}),
    ...(worker ? { worker: { ...current.worker, ...worker } } : {}),
    ...(localApi ? { localApi: { ...current.localApi, ...localApi } } : {}),
    ...(inference ? { inference: { ...current.inference, ...inference } } : {}),
  } as Partial<Settings>;
}

export function fieldValue(s: Settings, field: SettingsField): unknown {
  const [group, key] = field.split('.') as [keyof Settings, string | undefined];
  const value = s[group];
  return key ? (value as Record<string, unknown>)[key] : value;
}

export function changedFields(before: Settings, after: Settings): SettingsField[] {
  return FIELDS.filter((f) => fieldValue(before, f) !== fieldValue(after, f));
}

const onOff = (v: unknown): string => (v ? 'on' : 'off');

/** The Activity line for a saved change; never shows the mesh token itself. */
export function describeSavedSettings(changed: readonly SettingsField[], after: Settings): string {
  if (changed.length === 0) return 'Settings saved (nothing changed).';
  const parts = changed.map((field): string => {
    switch (field) {
      case 'coordinatorUrl': return `coordinator ${after.coordinatorUrl} (registering there at the next heartbeat)`;
      case 'meshToken': return after.meshToken ? 'mesh token set by hand' : 'mesh token cleared (the coordinator issues one at the next registration)';
      case 'power.runOnlyWhileCharging': return `run only while charging ${onOff(after.power.runOnlyWhileCharging)}`;
      case 'power.minBatteryPct': return `battery threshold ${after.power.minBatteryPct}%`;
      case 'serveNearbyWhileOn': return `serve nearby devices while On ${onOff(after.serveNearbyWhileOn)}`;
      case 'useNearbyWhileOn': return `use nearby devices while On ${onOff(after.useNearbyWhileOn)}`;
      case 'worker.maxConcurrentTasks': return `up to ${after.worker.maxConcurrentTasks} contributed task(s) at once`;
      case 'localApi.port': return `local API port ${after.localApi.port === 0 ? 'any free port' : after.localApi.port}`;
      case 'startAtLogin': return `start at login ${onOff(after.startAtLogin)}`;
      case 'inference.gpu': return after.inference.gpu === 'auto' ? 'GPU on when one is usable (the model reloads)' : 'GPU off, CPU only (the model reloads)';
    }
  });
  return `Settings saved: ${parts.join(', ')}.`;
}
