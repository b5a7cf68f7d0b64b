import { existsSync, renameSync } from 'node:fs';
import { SettingsSchema, defaultSettings, type Settings } from '../../shared/settings.js';
import type { Logger } from '../core/logger.js';

/**
 * The part of conf / electron-store (which extends conf) the app uses: the whole store as an object.
 * Both write the same JSON file, so the shell and the headless host share one format and one schema.
 */
export interface ConfLike {
  store: Record<string, unknown>;
  readonly path: string;
}

export interface SettingsStore {
  read(): Settings;
  update(patch: Partial<Settings>): Settings;
  /** Called after every update that changed something, with the new and the previous settings. */
  onChange(listener: (next: Settings, previous: Settings) => void): () => void;
  /** Problems found when the file was loaded (shown in the Activity panel). */
  readonly problems: readonly string[];
}

/**
 * Opens the settings file through a conf-like constructor. A file that is not valid JSON is moved aside
 * (settings.json.corrupt-<time>, nothing lost) and the app starts with defaults; fields that fail the
 * schema fall back to their defaults one by one and are reported.
 */
export function openSettings(open: () => ConfLike, filePath: string, logger: Logger, now: () => number): SettingsStore {
  const problems: string[] = [];
  let conf: ConfLike;
  try {
    conf = open();
  } catch (err) {
    if (!existsSync(filePath)) throw err;
    const aside = `${filePath}.corrupt-${now()}`;
    renameSync(filePath, aside);
    problems.push(`Settings file could not be read (${errorMessage(err)}); it was kept as ${aside} and defaults are used.`);
    conf = open();
  }
  let current = sanitize(conf.store, problems);
  for (const p of problems) logger.log('warn', 'settings.problem', { problem: p });
  const listeners = new Set<(next: Settings, previous: Settings) => void>();

  return {
    problems,
    read: () => current,
    update(patch) {
      const next = SettingsSchema.parse({ ...current, ...patch });
      conf.store = next as unknown as Record<string, unknown>;
      const previous = current;
      current = next;
      if (JSON.stringify(previous) !== JSON.stringify(next)) {
        for (const listener of [...listeners]) {
          try {
            listener(next, previous);
          } catch (err) {
            logger.log('error', 'settings.listener_failed', { message: errorMessage(err) });
          }
        }
      }
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function sanitize(raw: unknown, problems: string[]): Settings {
  const whole = SettingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(SettingsSchema.shape) as Array<keyof Settings>) {
    const field = SettingsSchema.shape[key].safeParse(source[key]);
    if (field.success) result[key] = field.data;
    else {
      result[key] = defaultSettings[key];
      problems.push(`Setting "${key}" was invalid (${field.error.issues[0]?.message ?? 'invalid'}); using the default.`);
    }
  }
  return SettingsSchema.parse(result);
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0] ?? err.message : String(err);
}
