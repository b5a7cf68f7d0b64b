import { z } from 'zod';
import { ComputeModeSchema } from './modes.js';
import { gpuSettingSchema } from './models-status.js';

/**
 * Persisted settings: one schema for the Electron shell (electron-store) and the headless host (conf),
 * which write the same JSON file format. Every field has a default, so a missing or partly invalid file
 * still yields usable settings (invalid fields are reported, not silently kept).
 */
export const SettingsSchema = z.object({
  mode: ComputeModeSchema.default('off'),
  coordinatorUrl: z.string().url().default('http://127.0.0.1:4301'),
  agentId: z.string().min(1).max(128).nullable().default(null),
  power: z
    .object({
      runOnlyWhileCharging: z.boolean().default(false),
      minBatteryPct: z.number().min(0).max(100).default(20),
    })
    .default({ runOnlyWhileCharging: false, minBatteryPct: 20 }),
  activeModel: z.string().nullable().default(null),
  /** Issued by the coordinator at registration; peers in the same mesh share it (only its hash goes on air). */
  meshToken: z.string().min(1).max(512).nullable().default(null),
  /** Contributed work: how many tasks for others may run at once (the coordinator's policy may lower it). */
  worker: z.object({ maxConcurrentTasks: z.number().int().min(1).max(16).default(1) }).default({ maxConcurrentTasks: 1 }),
  /** The worker takes no new work for others until then (ms since epoch); survives a restart. */
  snoozedUntil: z.number().int().nonnegative().nullable().default(null),
  /** In On, the central scans too, so the user's own requests can use nearby devices (Bluetooth Local always does). */
  useNearbyWhileOn: z.boolean().default(true),
  /** In On, this computer also serves nearby devices over Bluetooth (Bluetooth Local always does). */
  serveNearbyWhileOn: z.boolean().default(true),
  /** The OpenAI-compatible API for IDEs on 127.0.0.1 (0 = any free port). */
  localApi: z.object({ port: z.number().int().min(0).max(65535).default(4311) }).default({ port: 4311 }),
  /** The desktop app starts when the user logs in (the Electron shell's login item; headless ignores it). */
  startAtLogin: z.boolean().default(false),
  /** llama.cpp on the GPU when one is usable (`auto`: Metal, CUDA or Vulkan) or on the CPU only (`off`). */
  inference: z.object({ gpu: gpuSettingSchema.default('auto') }).default({ gpu: 'auto' }),
  /** Running coding tasks' code for others in the sandbox (Pyodide / QuickJS), and its limits per run. */
  sandbox: z
    .object({
      /** Off: the admission gate holds coding work for others with that reason. */
      enabled: z.boolean().default(true),
      /** Wall time of one run, ms (a subtask's shorter timeoutMs wins). */
      timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
      /** Memory of the process running the code, MB. */
      memoryMb: z.number().int().min(64).max(4096).default(256),
      /** Cap of stdout and of stderr each, KiB; the rest is cut with a marker. */
      outputKiB: z.number().int().min(1).max(4096).default(64),
    })
    .default({ enabled: true, timeoutMs: 10_000, memoryMb: 256, outputKiB: 64 }),
});

export type Settings = z.infer<typeof SettingsSchema>;
export const defaultSettings: Settings = SettingsSchema.parse({});
