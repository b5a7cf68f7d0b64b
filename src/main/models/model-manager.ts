/**
 * The models folder under the data dir: add a local .gguf (header checked in-process), download one
 * (resumable, sha256-verified, idle timeout, cancellable), list, delete, and choose the active model.
 * Loading happens in the inference host; this class never touches llama.cpp.
 */
import { EventEmitter } from 'node:events';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { systemClock } from '../core/clock.js';
import type { Clock } from '../core/clock.js';
import { AbortedError, TimeoutError } from '../core/deadline.js';
import { silentLogger } from '../core/logger.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import { sha256File } from '../core/sha256-file.js';
import { jsonActiveModelStore } from './active-model-store.js';
import type { ActiveModelPort } from './active-model-store.js';
import { findLeftoverPartials, PARTIAL_SUFFIX } from './leftover-partials.js';
import { describeModelFile, ModelFileError } from './model-entry.js';
import { fetchModelFile } from './model-download.js';
import type { DownloaderFactory } from './model-download.js';
import type { DownloadProgress, DownloadRequest, DownloadState, ModelCapabilities, ModelEntry, ModelsSnapshot } from './model-types.js';

export { ModelFileError };
export class ChecksumError extends Error {
  override readonly name = 'ChecksumError';
}

export interface ModelManagerOptions {
  /** App data dir; models live in `<dataDir>/models`, partial downloads in `<dataDir>/models/.partial`. */
  dataDir: string;
  /** Active-model persistence; default `<dataDir>/models-state.json`. */
  activeStore?: ActiveModelPort;
  clock?: Clock;
  logger?: Logger;
  downloaderFactory?: DownloaderFactory;
}

export interface ModelManagerEvents {
  changed: [ModelsSnapshot];
  download: [DownloadProgress];
  'active-changed': [ModelEntry | null];
}

const SAFE_NAME = /^[\w.+-]{1,200}\.gguf$/i;
const RUNNING: readonly DownloadState[] = ['resolving', 'downloading', 'verifying'];

export class ModelManager extends EventEmitter<ModelManagerEvents> implements Service {
  readonly name = 'models';
  readonly modelsDir: string;
  private readonly partialDir: string;
  private readonly store: ActiveModelPort;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly entries = new Map<string, ModelEntry>();
  private readonly downloads = new Map<string, DownloadProgress>();
  private readonly failures = new Map<string, string>();
  private downloadSeq = 0;
  private discarding: Promise<void> = Promise.resolve();

  constructor(private readonly opts: ModelManagerOptions) {
    super();
    this.modelsDir = join(opts.dataDir, 'models');
    this.partialDir = join(this.modelsDir, '.partial');
    this.store = opts.activeStore ?? jsonActiveModelStore(join(opts.dataDir, 'models-state.json'));
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? silentLogger).child('models');
  }

  async start(): Promise<void> {
    await mkdir(this.partialDir, { recursive: true });
    // Partial files of an earlier run: shown as interrupted, resumed by downloading the same file again.
    for (const p of await findLeftoverPartials(this.partialDir)) {
      if ([...this.downloads.values()].some((d) => d.fileName === p.fileName)) continue;
      const id = `dl-${++this.downloadSeq}`;
      this.downloads.set(id, { id, uri: '', fileName: p.fileName, state: 'interrupted', totalBytes: p.totalBytes, downloadedBytes: p.downloadedBytes, speedBps: 0, etaSeconds: null, error: null });
    }
    await this.rescan();
  }

  /** Waits for discarded partial files to be deleted. */
  async stop(): Promise<void> {
    await this.discarding;
  }

  /** Re-reads the folder; files with a bad header are skipped (and logged), never fatal. */
  async rescan(): Promise<ModelEntry[]> {
    const names = (await readdir(this.modelsDir).catch(() => [] as string[])).filter((n) => SAFE_NAME.test(n));
    const fresh = new Map<string, ModelEntry>();
    for (const fileName of names) {
      try {
        fresh.set(fileName, await describeModelFile(join(this.modelsDir, fileName), fileName));
      } catch (err) {
        this.log.log('warn', 'model.unreadable', { fileName, error: (err as Error).message });
      }
    }
    this.entries.clear();
    for (const [k, v] of fresh) this.entries.set(k, v);
    this.changed();
    return this.list();
  }

  list(): ModelEntry[] {
    const active = this.store.get();
    return [...this.entries.values()]
      .map((e) => ({ ...e, active: e.fileName === active, failedReason: this.failures.get(e.path) ?? null }))
      .sort((a, b) => a.fileName.localeCompare(b.fileName));
  }

  active(): ModelEntry | null {
    return this.list().find((e) => e.active) ?? null;
  }

  capabilities(): ModelCapabilities {
    const a = this.active();
    return { model: a?.name ?? null, modelParamSize: a?.paramSize ?? 0, memoryMB: a?.memoryEstimateMB ?? 0 };
  }

  snapshot(): ModelsSnapshot {
    return { modelsDir: this.modelsDir, active: this.active(), models: this.list(), downloads: [...this.downloads.values()] };
  }

  /** Checks a .gguf by its header, then copies it into the models folder. */
  async addLocal(sourcePath: string, opts: { fileName?: string } = {}): Promise<ModelEntry> {
    const fileName = this.checkName(opts.fileName ?? basename(sourcePath));
    const entry = await describeModelFile(sourcePath, fileName); // rejects a bad file before copying anything
    const target = join(this.modelsDir, fileName);
    const tmp = join(this.partialDir, `${fileName}.copy`);
    await mkdir(this.partialDir, { recursive: true });
    await copyFile(sourcePath, tmp);
    await rename(tmp, target);
    return this.register({ ...entry, path: target });
  }

  async download(req: DownloadRequest): Promise<ModelEntry> {
    const id = `dl-${++this.downloadSeq}`;
    const fromUrl = /^https?:/i.test(req.uri) ? decodeURIComponent(new URL(req.uri).pathname.split('/').pop() ?? '') : '';
    const fileName = req.fileName ?? (fromUrl || undefined);
    if (fileName) this.checkName(fileName);
    const busy = [...this.downloads.values()].some((d) => (d.uri === req.uri || (fileName && d.fileName === fileName)) && RUNNING.includes(d.state));
    if (busy) throw new ModelFileError(`${fileName ?? req.uri} is already downloading`);
    for (const [k, d] of this.downloads) if (d.state === 'interrupted' && fileName && d.fileName === fileName) this.downloads.delete(k); // resumed now
    const progress: DownloadProgress = { id, uri: req.uri, fileName: fileName ?? null, state: 'resolving', totalBytes: 0, downloadedBytes: 0, speedBps: 0, etaSeconds: null, error: null };
    const update = (patch: Partial<DownloadProgress>): void => {
      Object.assign(progress, patch);
      const copy = { ...progress };
      this.downloads.set(id, copy);
      req.onProgress?.(copy);
      this.emit('download', copy);
    };
    update({});
    await mkdir(this.partialDir, { recursive: true });
    if (req.restart && fileName) await rm(join(this.partialDir, `${fileName}${PARTIAL_SUFFIX}`), { force: true });
    let downloaded: string | null = null;
    try {
      downloaded = await fetchModelFile({
        uri: req.uri,
        dirPath: this.partialDir,
        ...(fileName ? { fileName } : {}),
        idleTimeoutMs: req.idleTimeoutMs ?? 60_000,
        clock: this.clock,
        ...(req.signal ? { signal: req.signal } : {}),
        ...(this.opts.downloaderFactory ? { factory: this.opts.downloaderFactory } : {}),
        onProgress: (s) => update({ state: 'downloading', ...s }),
      });
      const finalName = this.checkName(fileName ?? basename(downloaded));
      update({ state: 'verifying', fileName: finalName });
      if (req.sha256) {
        const actual = await sha256File(downloaded);
        if (actual !== req.sha256.toLowerCase()) {
          await rm(downloaded, { force: true });
          throw new ChecksumError(`sha256 mismatch for ${finalName}: expected ${req.sha256.toLowerCase()}, got ${actual}`);
        }
      }
      const entry = await describeModelFile(downloaded, finalName).catch(async (err: unknown) => {
        await rm(downloaded as string, { force: true });
        throw err;
      });
      const target = join(this.modelsDir, finalName);
      await rename(downloaded, target);
      update({ state: 'done' });
      return this.register({ ...entry, path: target });
    } catch (err) {
      const cancelled = err instanceof AbortedError;
      update({ state: cancelled ? 'cancelled' : 'failed', error: (err as Error).message });
      this.log.log(cancelled ? 'info' : 'warn', 'download.stopped', { uri: req.uri, error: (err as Error).message, timeout: err instanceof TimeoutError });
      throw err;
    }
  }

  /** Forgets finished/failed downloads from the snapshot and deletes the partial files of interrupted ones. */
  clearFinishedDownloads(): void {
    const running = [...this.downloads.values()].filter((d) => RUNNING.includes(d.state));
    const discard: string[] = [];
    for (const [id, d] of this.downloads) {
      if (RUNNING.includes(d.state)) continue;
      this.downloads.delete(id);
      // Never pull a file from under a download that is using it.
      if (d.state === 'interrupted' && d.fileName && !running.some((r) => r.fileName === d.fileName || r.fileName === null)) discard.push(d.fileName);
    }
    const removing = discard.map((f) => rm(join(this.partialDir, `${f}${PARTIAL_SUFFIX}`), { force: true })
      .catch((err: unknown) => this.log.log('warn', 'download.discard-failed', { fileName: f, error: (err as Error).message })));
    this.discarding = Promise.all([this.discarding, ...removing]).then(() => undefined);
    this.changed();
  }

  async delete(fileName: string): Promise<void> {
    const entry = this.entries.get(fileName);
    if (!entry) throw new ModelFileError(`no model named ${fileName}`);
    if (this.store.get() === fileName) this.setActive(null);
    await rm(entry.path, { force: true });
    this.entries.delete(fileName);
    this.changed();
  }

  select(fileName: string | null): ModelEntry | null {
    if (fileName !== null && !this.entries.has(fileName)) throw new ModelFileError(`no model named ${fileName}`);
    this.setActive(fileName);
    return this.active();
  }

  /** Records why the engine could not load a model (shown in the panel); null clears it. */
  markFailed(path: string, reason: string | null): void {
    if (reason === null) this.failures.delete(path);
    else this.failures.set(path, reason);
    this.changed();
  }

  private setActive(fileName: string | null): void {
    this.store.set(fileName);
    this.changed();
    this.emit('active-changed', this.active());
  }

  private checkName(fileName: string): string {
    if (!SAFE_NAME.test(fileName)) throw new ModelFileError(`model file name must be letters, digits, ._+- and end in .gguf: ${JSON.stringify(fileName)}`);
    return fileName;
  }

  private register(entry: ModelEntry): ModelEntry {
    this.entries.set(entry.fileName, entry);
    this.changed();
    return this.list().find((e) => e.fileName === entry.fileName) ?? entry;
  }

  private changed(): void {
    this.emit('changed', this.snapshot());
  }
}
