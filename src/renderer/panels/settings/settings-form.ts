import type { EditableSettings, SettingsChanges } from '../../../shared/settings-edit.js';

/** The Settings panel's inputs as the user edits them (numbers as typed, so a half-typed value is kept). */
export interface SettingsForm {
  coordinatorUrl: string;
  meshToken: string;
  runOnlyWhileCharging: boolean;
  minBatteryPct: string;
  serveNearbyWhileOn: boolean;
  useNearbyWhileOn: boolean;
  maxConcurrentTasks: string;
  localApiPort: string;
  startAtLogin: boolean;
}

/** Each input's field path, as updateSettings names it in fieldErrors. */
export const fieldPath: Record<keyof SettingsForm, string> = {
  coordinatorUrl: 'coordinatorUrl',
  meshToken: 'meshToken',
  runOnlyWhileCharging: 'power.runOnlyWhileCharging',
  minBatteryPct: 'power.minBatteryPct',
  serveNearbyWhileOn: 'serveNearbyWhileOn',
  useNearbyWhileOn: 'useNearbyWhileOn',
  maxConcurrentTasks: 'worker.maxConcurrentTasks',
  localApiPort: 'localApi.port',
  startAtLogin: 'startAtLogin',
};

export function formFromSettings(s: EditableSettings): SettingsForm {
  return {
    coordinatorUrl: s.coordinatorUrl,
    meshToken: s.meshToken ?? '',
    runOnlyWhileCharging: s.power.runOnlyWhileCharging,
    minBatteryPct: String(s.power.minBatteryPct),
    serveNearbyWhileOn: s.serveNearbyWhileOn,
    useNearbyWhileOn: s.useNearbyWhileOn,
    maxConcurrentTasks: String(s.worker.maxConcurrentTasks),
    localApiPort: String(s.localApi.port),
    startAtLogin: s.startAtLogin,
  };
}

/** A typed number; anything else goes to the core as null, which answers with the field's sentence. */
function numberOf(text: string): number | null {
  const n = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(n) ? null : n;
}

/** Only what differs from the saved settings (the core checks every field and says what is wrong). */
export function changesFromForm(form: SettingsForm, saved: SettingsForm): SettingsChanges {
  const changed = (key: keyof SettingsForm): boolean => form[key] !== saved[key];
  const power = {
    ...(changed('runOnlyWhileCharging') ? { runOnlyWhileCharging: form.runOnlyWhileCharging } : {}),
    ...(changed('minBatteryPct') ? { minBatteryPct: numberOf(form.minBatteryPct) } : {}),
  };
  return {
    ...(changed('coordinatorUrl') ? { coordinatorUrl: form.coordinatorUrl.trim() } : {}),
    ...(changed('meshToken') ? { meshToken: form.meshToken.trim() === '' ? null : form.meshToken.trim() } : {}),
    ...(Object.keys(power).length ? { power } : {}),
    ...(changed('serveNearbyWhileOn') ? { serveNearbyWhileOn: form.serveNearbyWhileOn } : {}),
    ...(changed('useNearbyWhileOn') ? { useNearbyWhileOn: form.useNearbyWhileOn } : {}),
    ...(changed('maxConcurrentTasks') ? { worker: { maxConcurrentTasks: numberOf(form.maxConcurrentTasks) } } : {}),
    ...(changed('localApiPort') ? { localApi: { port: numberOf(form.localApiPort) } } : {}),
    ...(changed('startAtLogin') ? { startAtLogin: form.startAtLogin } : {}),
  } as SettingsChanges;
}
