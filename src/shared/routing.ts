import { z } from 'zod';

/**
 * What the router decided about one device, as the dashboard and the local API's headers show it:
 * seed 000's four cost terms, each on its own, with their sum; or why the device is never used.
 */
export const CostTermsSchema = z.object({
  /** max(0, (7 − paramSize) × 8): smaller models cost more. */
  model: z.number().nonnegative(),
  /** currentLoad × 20. */
  load: z.number().nonnegative(),
  /** Phones only: (100 − batteryPct) × 0.5; 0 for laptops, workstations and this computer. */
  battery: z.number().nonnegative(),
  /** min(30, max(0, (−RSSI − 30) × 0.5)); 0 for this computer. */
  signal: z.number().nonnegative(),
  total: z.number().nonnegative(),
});

export const SkipCodeSchema = z.enum([
  'other_mesh', // another mesh token hash
  'stale', // unseen for more than 60 s
  'not_identified', // seen advertising, identity/capabilities not read yet
  'model_not_ready', // no model, or the model is loading/failed
  'unknown_load', // negative or missing currentLoad
  'too_costly', // cost ≥ 200
  'own_peripheral', // this computer answering its own scan
  'unreachable', // every reconnection attempt failed
  'model_mismatch', // a named model was asked for and this device serves another
  'cannot_run_code', // a coding request, and this device has no sandbox (Bluetooth Local iPhones)
]);

export const SkipReasonSchema = z.object({ code: SkipCodeSchema, message: z.string() });

/** One device's standing in the current ranking (nearby peers and this computer alike). */
export const RouteStandingSchema = z.object({
  /** Null when a term cannot be computed (unknown load, not identified). */
  terms: CostTermsSchema.nullable(),
  /** 1 = would serve the next `auto` request; null when skipped. */
  rank: z.number().int().positive().nullable(),
  skip: SkipReasonSchema.nullable(),
  /** A Bluetooth Local iPhone that reports no model size is costed as 0 B. */
  sizeUnknown: z.boolean(),
});

export const CandidateKindSchema = z.enum(['this-computer', 'mesh', 'bluetooth-local']);

/** One attempt of a routed request on one device. */
export const RouteAttemptSchema = z.object({
  deviceId: z.string(),
  name: z.string(),
  kind: CandidateKindSchema,
  outcome: z.enum(['served', 'failed', 'timeout', 'link-lost', 'refused', 'aborted']),
  error: z.string().nullable(),
  ms: z.number().nonnegative(),
});

/** The languages a coding request may ask for (the sandbox's). */
export const CodingLanguageSchema = z.enum(['python', 'javascript']);

/** What the Routing panel notes about a coding request: "coding: python, ok after 2 attempts". */
export const CodingNoteSchema = z.object({
  language: CodingLanguageSchema,
  /** The last run exited 0. */
  ok: z.boolean(),
  iterations: z.number().int().nonnegative(),
  /** The last run's exit code; null when nothing finished. */
  exitCode: z.number().int().nullable(),
  /** Why the loop gave up (timeout, outside_subset, model_limit, max_iterations…); null when ok. */
  reason: z.string().nullable(),
});

/** A coding request's run as its device reports it: the note plus the code, its error and the CPU seconds. */
export const CodingRunSchema = CodingNoteSchema.extend({
  code: z.string(),
  /** The last run's stderr or the reason in words; null when ok. */
  error: z.string().nullable(),
  /** Measured (this computer) or charged (a nearby device's receipt). */
  cpuSeconds: z.number().nonnegative(),
});

/** A request this computer routed (local API or the dashboard), newest first in the snapshot. */
export const RoutedRequestSchema = z.object({
  id: z.string(),
  at: z.number(),
  source: z.enum(['local-api', 'dashboard']),
  model: z.string(),
  ok: z.boolean(),
  servedBy: z.object({ id: z.string(), name: z.string(), kind: CandidateKindSchema }).nullable(),
  terms: CostTermsSchema.nullable(),
  /** The next-best candidate's terms when the request was routed (why the winner won). */
  runnerUp: z.object({ name: z.string(), terms: CostTermsSchema }).nullable(),
  attempts: z.array(RouteAttemptSchema),
  latencyMs: z.number().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** Credits this computer paid for it (mesh peers); null when unpaid (this computer, iPhones). */
  credits: z.number().nonnegative().nullable(),
  error: z.string().nullable(),
  /** A coding request ("Run as a coding task"): its language and how the run ended. Absent for a plain prompt. */
  coding: CodingNoteSchema.optional(),
});

export type CostTerms = z.infer<typeof CostTermsSchema>;
export type SkipCode = z.infer<typeof SkipCodeSchema>;
export type SkipReason = z.infer<typeof SkipReasonSchema>;
export type RouteStanding = z.infer<typeof RouteStandingSchema>;
export type CandidateKind = z.infer<typeof CandidateKindSchema>;
export type RouteAttempt = z.infer<typeof RouteAttemptSchema>;
export type RoutedRequest = z.infer<typeof RoutedRequestSchema>;
export type CodingLanguage = z.infer<typeof CodingLanguageSchema>;
export type CodingNote = z.infer<typeof CodingNoteSchema>;
export type CodingRun = z.infer<typeof CodingRunSchema>;
