/**
 * The catalogue of coding models shipped with the app (resources/model-catalogue.json), validated at
 * build time (scripts/build.mjs) and at load, and what the Model panel shows of each entry: how it
 * fits this computer, from node-llama-cpp's own estimate.
 */
import { z } from 'zod';

/** The shape node-llama-cpp needs to estimate memory without the file: the GGUF header's numbers. */
export const ModelShapeSchema = z.strictObject({
  architecture: z.enum(['llama', 'qwen2']),
  layers: z.number().int().min(1).max(512),
  embedding: z.number().int().min(16).max(65536),
  heads: z.number().int().min(1).max(1024),
  kvHeads: z.number().int().min(1).max(1024),
  feedForward: z.number().int().min(16).max(262144),
  vocab: z.number().int().min(16).max(1_000_000),
  tiedEmbeddings: z.boolean(),
});

export const CatalogueEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,63}$/, 'must be lower-case letters, digits, . and -'),
  name: z.string().min(1).max(100),
  /** Billions of parameters. */
  parameters: z.number().positive().max(1000),
  quantization: z.string().min(1).max(20),
  fileSizeBytes: z.number().int().positive(),
  /** Where to download it: an hf: URI (user/repo/file.gguf) or an https URL. */
  uri: z.string().min(4).max(2048).regex(/^(hf:[^/\s]+\/[^/\s]+\/\S+\.gguf|https:\/\/\S+)$/i, 'must be an hf:user/repo/file.gguf URI or an https URL'),
  /** Pinned sha256 when known; otherwise the hub's published hash is checked. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  contextLength: z.number().int().positive(),
  licence: z.string().min(1).max(100),
  languages: z.array(z.string().min(1).max(30)).min(1),
  shape: ModelShapeSchema,
});

export const CatalogueSchema = z.strictObject({
  version: z.literal(1),
  models: z.array(CatalogueEntrySchema).min(1).refine((m) => new Set(m.map((e) => e.id)).size === m.length, 'ids must be unique'),
});

/** What node-llama-cpp's configuration resolver answers, reduced to what the fit decision needs. */
export const ResolvedFitSchema = z.object({
  compatibilityScore: z.number(),
  gpuLayers: z.number().int().nonnegative(),
  totalLayers: z.number().int().nonnegative(),
  totalRamUsage: z.number().nonnegative(),
  totalVramUsage: z.number().nonnegative(),
  /** Whether this computer has a GPU llama.cpp can offload to. */
  hasGpu: z.boolean(),
  /** Free RAM, for the "does not fit" sentence. */
  freeRamBytes: z.number().nonnegative(),
});
export type ResolvedFit = z.infer<typeof ResolvedFitSchema>;

/** How a model fits this computer. */
export const FitKindSchema = z.enum(['gpu', 'partial-gpu', 'cpu', 'no-fit']);
export const FIT_WORDS: Record<z.infer<typeof FitKindSchema>, string> = {
  gpu: 'runs on the GPU',
  'partial-gpu': 'runs partly on the GPU',
  cpu: 'CPU only, slow',
  'no-fit': 'does not fit',
};

export const ModelFitSchema = z.object({
  kind: FitKindSchema,
  /** In words, with the memory it needs ("runs on the GPU: 5.1 GB of GPU memory"). */
  words: z.string(),
  gpuLayers: z.number().int().nonnegative(),
  totalLayers: z.number().int().nonnegative(),
  ramBytes: z.number().nonnegative(),
  vramBytes: z.number().nonnegative(),
});

export const CatalogueViewEntrySchema = CatalogueEntrySchema.omit({ shape: true }).extend({
  fit: ModelFitSchema.nullable(),
  /** Why there is no fit (the estimate failed). */
  fitError: z.string().nullable(),
  recommended: z.boolean(),
  /** Already in the models folder (by file name). */
  onDisk: z.boolean(),
});
export const CatalogueViewSchema = z.object({ entries: z.array(CatalogueViewEntrySchema), hardware: z.string() });

export type ModelShape = z.infer<typeof ModelShapeSchema>;
export type CatalogueEntry = z.infer<typeof CatalogueEntrySchema>;
export type Catalogue = z.infer<typeof CatalogueSchema>;
export type FitKind = z.infer<typeof FitKindSchema>;
export type ModelFit = z.infer<typeof ModelFitSchema>;
export type CatalogueViewEntry = z.infer<typeof CatalogueViewEntrySchema>;
export type CatalogueView = z.infer<typeof CatalogueViewSchema>;
