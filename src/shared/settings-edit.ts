import { z } from 'zod';
import { SettingsSchema } from './settings.js';

/**
 * What the Settings panel may change (mode, snooze and the active model have their own operations;
 * agentId is this computer's identity), the rules each field must meet with the sentence shown next to
 * it, and what getSettings / updateSettings answer.
 */
const bool = (field: string) => z.boolean({ error: `${field} must be on or off (true or false)` });
const wholeNumber = (min: number, max: number, message: string) =>
  z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message });

export const COORDINATOR_URL_MESSAGE = 'must be an http(s) URL, e.g. https://coordinator.example.com';
export const MESH_TOKEN_MESSAGE = 'must be 1 to 512 characters without spaces (leave it empty to get one from the coordinator)';
export const BATTERY_MESSAGE = 'must be a number from 0 to 100 (percent)';
export const MAX_TASKS_MESSAGE = 'must be a whole number from 1 to 16';
export const API_PORT_MESSAGE = 'must be 0 (any free port) or a whole number from 1024 to 65535';
export const GPU_MESSAGE = 'must be auto (the GPU when one is usable) or off (the CPU only)';
export const UNKNOWN_SETTING_MESSAGE = 'is not a setting that can be changed here';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

/** A partial update: every field optional, nested groups partial, unknown keys refused at every level. */
export const SettingsChangesSchema = z.strictObject({
  coordinatorUrl: z.string({ error: COORDINATOR_URL_MESSAGE }).trim().max(2048, { error: COORDINATOR_URL_MESSAGE }).refine(isHttpUrl, { error: COORDINATOR_URL_MESSAGE }),
  meshToken: z.string({ error: MESH_TOKEN_MESSAGE }).min(1, { error: MESH_TOKEN_MESSAGE }).max(512, { error: MESH_TOKEN_MESSAGE }).regex(/^\S+$/, { error: MESH_TOKEN_MESSAGE }).nullable(),
  power: z.strictObject({
    runOnlyWhileCharging: bool('Run only while charging'),
    minBatteryPct: z.number({ error: BATTERY_MESSAGE }).min(0, { error: BATTERY_MESSAGE }).max(100, { error: BATTERY_MESSAGE }),
  }).partial(),
  serveNearbyWhileOn: bool('Serve nearby devices while On'),
  useNearbyWhileOn: bool('Use nearby devices while On'),
  worker: z.strictObject({ maxConcurrentTasks: wholeNumber(1, 16, MAX_TASKS_MESSAGE) }).partial(),
  localApi: z.strictObject({
    port: wholeNumber(0, 65535, API_PORT_MESSAGE).refine((p) => p === 0 || p >= 1024, { error: API_PORT_MESSAGE }),
  }).partial(),
  startAtLogin: bool('Start at login'),
  inference: z.strictObject({ gpu: z.enum(['auto', 'off'], { error: GPU_MESSAGE }) }).partial(),
}).partial();
export type SettingsChanges = z.input<typeof SettingsChangesSchema>;

/** The editable part of the settings as they are now. */
export const EditableSettingsSchema = SettingsSchema.pick({
  coordinatorUrl: true, meshToken: true, power: true, serveNearbyWhileOn: true, useNearbyWhileOn: true, worker: true, localApi: true, startAtLogin: true, inference: true,
});
export type EditableSettings = z.infer<typeof EditableSettingsSchema>;

/** getSettings: the editable settings and what the panel shows but cannot change. */
export const SettingsViewSchema = z.object({
  settings: EditableSettingsSchema,
  /** Where settings, models, the ledger and the API key live on this computer. */
  dataFolder: z.string(),
  /** Whether openDataFolder can show it (the desktop app; a headless host cannot open windows). */
  canOpenDataFolder: z.boolean(),
  /** Start at login is applied by the desktop app only. */
  startAtLoginApplies: z.boolean(),
  /** This computer's agent id on the coordinator and the mesh (null when the identity is unavailable). */
  agentId: z.string().nullable(),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

/**
 * updateSettings answers with data, never a thrown error, for a refused change, so the panel can put
 * each message next to its field: `fieldErrors` maps a field path ("power.minBatteryPct") to why, and
 * nothing was saved. A saved change answers with the settings now in force.
 */
export const UpdateSettingsResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), settings: EditableSettingsSchema, changed: z.array(z.string()) }),
  z.object({ ok: z.literal(false), settings: EditableSettingsSchema, fieldErrors: z.record(z.string(), z.string()) }),
]);
export type UpdateSettingsResult = z.infer<typeof UpdateSettingsResultSchema>;

/** The refused fields of a failed parse, one sentence each (the first problem of a field wins). */
export function settingsFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out[base ? `${base}.${key}` : key] ??= UNKNOWN_SETTING_MESSAGE;
      continue;
    }
    out[base || '(settings)'] ??= base ? issue.message : 'must be an object of settings';
  }
  return out;
}
