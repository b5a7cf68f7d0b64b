import { z } from 'zod';

/** The snooze lengths the tray and the dashboard offer. */
export const SnoozePresetSchema = z.enum(['15m', '1h', 'tomorrow']);
export type SnoozePreset = z.infer<typeof SnoozePresetSchema>;

/** The `snooze` operation's argument: a preset, or an end time (ms since epoch, in the next 7 days). */
export const SnoozeArgsSchema = z.union([
  z.object({ preset: SnoozePresetSchema }).strict(),
  z.object({ until: z.number().int().nonnegative() }).strict(),
]);
export type SnoozeRequest = z.infer<typeof SnoozeArgsSchema>;
