import { z } from 'zod';
import { CandidateKindSchema, CostTermsSchema, RouteAttemptSchema } from './routing.js';

const PromptIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'promptId: 1 to 64 letters, digits, - or _');

/** The dashboard's prompt box: one request through the same router as the local API (source 'dashboard'). */
export const SendPromptArgsSchema = z.object({
  prompt: z.string().min(1, 'Write a prompt first').max(20_000, 'The prompt is longer than 20,000 characters'),
  /** 'auto' lets the router choose; otherwise a model id the local API lists. */
  model: z.string().min(1).max(200).default('auto'),
  maxTokens: z.number().int().min(1).max(4096).default(256),
  /** Chosen by the page so it can cancel this prompt (cancelPrompt) while it runs. */
  promptId: PromptIdSchema.optional(),
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
});

export type SendPromptArgs = z.input<typeof SendPromptArgsSchema>;
export type SendPromptResult = z.infer<typeof SendPromptResultSchema>;
