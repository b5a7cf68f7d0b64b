import { z } from 'zod';

/** Compute modes (seed 004): nothing offered, the coordinator swarm, or the Bluetooth LE mesh only. */
export const ComputeModeSchema = z.enum(['off', 'on', 'bluetooth-local']);
export type ComputeMode = z.infer<typeof ComputeModeSchema>;

export const computeModeLabels: Record<ComputeMode, string> = {
  off: 'Off',
  on: 'On',
  'bluetooth-local': 'Bluetooth Local',
};

/**
 * Why the mode last changed: the user (tray or dashboard) or the app itself (network lost; "finish the
 * running tasks, then stop" reached its end).
 */
export const ModeChangeCauseSchema = z.enum(['startup', 'user', 'network-lost', 'drained']);
export type ModeChangeCause = z.infer<typeof ModeChangeCauseSchema>;
