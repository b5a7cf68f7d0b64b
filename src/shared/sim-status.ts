/**
 * The simulator's controls as they cross the contract (demo and `--sim` only): the simulated network
 * link and the virtual devices around this computer, with the ranges a real device could report.
 */
import { z } from 'zod';

export const SIM_BATTERY_RANGE = { min: 0, max: 100 } as const;
/** Seed 000's currentLoad: tasks running on the device (the snapshot's Peer allows the same range). */
export const SIM_LOAD_RANGE = { min: 0, max: 64 } as const;
/** dBm; a Bluetooth LE controller reports −127…0 (127 means "not available" and is not a position). */
export const SIM_RSSI_RANGE = { min: -127, max: 0 } as const;

export const SimDeviceKindSchema = z.enum(['phone', 'laptop', 'iphone']);
export type SimDeviceKind = z.infer<typeof SimDeviceKindSchema>;

/** A device's id is its Bluetooth address (what the simulated air knows it by). */
export const SimDeviceIdSchema = z.string().min(1).max(64);

export const SimDeviceStateSchema = z.object({
  id: SimDeviceIdSchema,
  /** The name it advertises (what the Nearby devices panel shows). */
  name: z.string(),
  kind: SimDeviceKindSchema,
  /** Mesh agents only (iPhones in Bluetooth Local have no agent id). */
  agentId: z.string().nullable(),
  batteryPct: z.number().min(SIM_BATTERY_RANGE.min).max(SIM_BATTERY_RANGE.max),
  /** null for iPhones: the Bluetooth Local status carries no load. */
  currentLoad: z.number().min(SIM_LOAD_RANGE.min).max(SIM_LOAD_RANGE.max).nullable(),
  rssi: z.number().min(SIM_RSSI_RANGE.min).max(SIM_RSSI_RANGE.max),
});
export type SimDeviceState = z.infer<typeof SimDeviceStateSchema>;

export const SimStateSchema = z.object({
  /** null when the host runs without a simulated network (then it cannot be cut). */
  network: z.object({ up: z.boolean() }).nullable(),
  devices: z.array(SimDeviceStateSchema),
});
export type SimState = z.infer<typeof SimStateSchema>;

export const SimSetNetworkArgsSchema = z.object({ up: z.boolean() }).strict();
export const SimAddDeviceArgsSchema = z.object({ kind: SimDeviceKindSchema }).strict();
export const SimRemoveDeviceArgsSchema = z.object({ id: SimDeviceIdSchema }).strict();
const BATTERY_MSG = `must be a whole percent from ${SIM_BATTERY_RANGE.min} to ${SIM_BATTERY_RANGE.max}`;
const LOAD_MSG = `must be from ${SIM_LOAD_RANGE.min} to ${SIM_LOAD_RANGE.max} tasks`;
const RSSI_MSG = `must be whole dBm from ${SIM_RSSI_RANGE.min} to ${SIM_RSSI_RANGE.max}`;
export const SimSetDeviceArgsSchema = z
  .object({
    id: SimDeviceIdSchema,
    batteryPct: z.number().int(BATTERY_MSG).min(SIM_BATTERY_RANGE.min, BATTERY_MSG).max(SIM_BATTERY_RANGE.max, BATTERY_MSG).optional(),
    currentLoad: z.number().min(SIM_LOAD_RANGE.min, LOAD_MSG).max(SIM_LOAD_RANGE.max, LOAD_MSG).optional(),
    rssi: z.number().int(RSSI_MSG).min(SIM_RSSI_RANGE.min, RSSI_MSG).max(SIM_RSSI_RANGE.max, RSSI_MSG).optional(),
  })
  .strict();
export type SimSetDeviceArgs = z.infer<typeof SimSetDeviceArgsSchema>;
