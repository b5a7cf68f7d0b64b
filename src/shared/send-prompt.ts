import { z } from 'zod';
import { CandidateKindSchema, CodingLanguageSchema, CodingRunSchema, CostTermsSchema, RouteAttemptSchema } from './routing.js';

const PromptIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'promptId: 1 to 64 letters, digits, - or _');

/** The dashboard's prompt box: one request through the same router as the local API (source 'dashboard'). */
export const SendPromptArgsSchema = z.object({
  prompt: z.string().min(1, 'Write a prompt first').max(20_000, 'The prompt is longer than 20,000 characters'),
  /** 'auto' lets the router choose; otherwise a model id the local API lists. */
  model: z.string().min(1).max(200).default('auto'),
  maxTokens: z.number().int().min(1).max(4096).default(256),
  /** Chosen by the page so it can cancel this prompt (cancelPrompt) while it runs. */
  promptId: PromptIdSchema.optional(),
  /** "Run as a coding task": the device writes code for the prompt, runs it in its sandbox and fixes it. Absent: a plain prompt. */
  coding: z.object({
    language: CodingLanguageSchema,
    /** micro_loop: write, run, fix once (2 iterations); single_step: 1. */
    kind: z.enum(['micro_loop', 'single_step']).default('micro_loop'),
  }).strict().optional(),
}).strict();

export const CancelPromptArgsSchema = z.object({ promptId: PromptIdSchema }).strict();
/** `cancelled`: a prompt with that id was running and has been stopped. */
export const CancelPromptResultSchema = z.object({ cancelled: z.boolean() });

export const SendPromptResultSchema = z.object({
  requestId: z.string(),
  output: z.string(),
  servedBy: z.object({ id: z.string(), name: z.string(), kind: CandidateKindSchema }),
  terms: CostTermsSchema,
  attempts: z.array(RouteAttemptSchema),
  latencyMs: z.number().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
  /** Credits paid (mesh peers); null when unpaid. */
  credits: z.number().nonnegative().nullable(),
  /** A coding request's run (the code, its output is `output`, exit code, iterations); absent for a plain prompt. */
  coding: CodingRunSchema.optional(),
});

export type SendPromptArgs = z.input<typeof SendPromptArgsSchema>;
export type SendPromptResult = z.infer<typeof SendPromptResultSchema>;
