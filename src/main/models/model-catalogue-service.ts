/**
 * The catalogue of coding models in the app: each entry with how it fits this computer (estimated
 * once per GPU setting by the inference host, cached), sorted best first with one Recommended, which
 * ones are on disk already, and a one-step install: download (resumable, verified against the pinned
 * sha256 or the one the hub publishes) and then use it.
 */
import type { Catalogue, CatalogueEntry, CatalogueView, ModelFit, ResolvedFit } from '../../shared/model-catalogue.js';
import { CatalogueSchema } from '../../shared/model-catalogue.js';
import type { Clock } from '../core/clock.js';
import type { FitTarget } from '../inference/host-protocol.js';
import { hubSha256 } from './hub-hash.js';
import { classifyFit, rankCatalogue } from './model-fit.js';
import type { ModelManager } from './model-manager.js';
import type { DownloadProgress } from './model-types.js';

export type FitEstimator = (targets: FitTarget[], signal?: AbortSignal) => Promise<{ results: Map<string, ResolvedFit | Error>; hardware: string }>;

/** Parses the shipped catalogue; a broken file is a build error, so this throws with the first problem. */
export function parseCatalogue(raw: unknown): Catalogue {
  const parsed = CatalogueSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`the model catalogue is invalid: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

export function catalogueFileName(entry: Pick<CatalogueEntry, 'uri'>): string {
  const last = entry.uri.split('/').pop() ?? '';
  return decodeURIComponent(last.split('?')[0] ?? last);
}

export class ModelCatalogueService {
  private cached: { fits: Map<string, ResolvedFit | Error>; hardware: string } | null = null;

  constructor(private readonly deps: {
    catalogue: Catalogue;
    models: Pick<ModelManager, 'download' | 'select' | 'snapshot'>;
    estimate: FitEstimator;
    clock: Clock;
  }) {}

  get entries(): readonly CatalogueEntry[] {
    return this.deps.catalogue.models;
  }

  find(id: string): CatalogueEntry | undefined {
    return this.deps.catalogue.models.find((e) => e.id === id);
  }

  /** Hardware changed (the GPU setting): estimate again next time. */
  invalidate(): void {
    this.cached = null;
  }

  async view(signal?: AbortSignal): Promise<CatalogueView> {
    if (!this.cached) {
      const targets: FitTarget[] = this.entries.map((e) => ({ key: e.id, shape: e.shape, name: e.name, contextLength: e.contextLength }));
      const { results, hardware } = await this.deps.estimate(targets, signal);
      this.cached = { fits: results, hardware };
    }
    const onDisk = new Set(this.deps.models.snapshot().models.map((m) => m.fileName));
    const withFits = this.entries.map(({ shape: _shape, ...entry }) => {
      const resolved = this.cached?.fits.get(entry.id);
      const fit: ModelFit | null = resolved && !(resolved instanceof Error) ? classifyFit(resolved) : null;
      return { ...entry, fit, fitError: resolved instanceof Error ? resolved.message : resolved ? null : 'not estimated', onDisk: onDisk.has(catalogueFileName(entry)) };
    });
    return { entries: rankCatalogue(withFits), hardware: this.cached.hardware };
  }

  /**
   * Downloads a catalogue entry and makes it the active model. `onStarted` gets the download's id as
   * soon as it exists; the promise settles when the model is in use (or the download failed).
   */
  async install(id: string, opts: { signal?: AbortSignal; onProgress?: (p: DownloadProgress) => void } = {}): Promise<void> {
    const entry = this.find(id);
    if (!entry) throw new Error(`no model ${id} in the catalogue`);
    const sha256 = entry.sha256 ?? (await hubSha256(entry.uri, { clock: this.deps.clock, ...(opts.signal ? { signal: opts.signal } : {}) }));
    const fileName = catalogueFileName(entry);
    const onDisk = this.deps.models.snapshot().models.some((m) => m.fileName === fileName);
    if (!onDisk) {
      await this.deps.models.download({ uri: entry.uri, sha256, fileName, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    }
    this.deps.models.select(fileName);
  }
}
