/**
 * The Model panel's contract operations: list, add a local .gguf, choose, delete, download (answers
 * at once; one AbortController per running download, dropped when it ends) and cancel a download.
 */
import type { ModelsStatus } from '../../shared/models-status.js';
import type { ContractHandlers } from '../ipc/dispatcher.js';
import { modelPanelSnapshot } from '../models/active-model-binding.js';
import type { InferenceEngine } from '../inference/inference-engine.js';
import type { ModelManager } from '../models/model-manager.js';
import type { ModelCatalogueService } from '../models/model-catalogue-service.js';

type ModelOps = 'getModels' | 'addModel' | 'selectModel' | 'deleteModel' | 'downloadModel' | 'cancelDownload' | 'clearDownloads' | 'getCatalogue' | 'installCatalogueModel';

/** The panel's data without absolute paths: the dashboard names models by file name. */
export function modelsStatus(models: ModelManager, engine: InferenceEngine): ModelsStatus {
  const snap = modelPanelSnapshot(models, engine);
  const strip = <T extends { path: string }>({ path: _path, ...rest }: T): Omit<T, 'path'> => rest;
  return { active: snap.active ? strip(snap.active) : null, models: snap.models.map(strip), downloads: snap.downloads, engine: snap.engine };
}

export function createModelHandlers(deps: { models: ModelManager; engine: InferenceEngine; catalogue: ModelCatalogueService }): Pick<ContractHandlers, ModelOps> & { abortAll(): void } {
  const { models, engine, catalogue } = deps;
  const running = new Map<string, AbortController>();
  const status = (): ModelsStatus => modelsStatus(models, engine);

  return {
    getModels: async () => status(),
    addModel: async ({ path }) => {
      await models.addLocal(path);
      return status();
    },
    selectModel: async ({ fileName }) => {
      models.select(fileName);
      return status();
    },
    deleteModel: async ({ fileName }) => {
      // The engine keeps a loaded model open: deleting the one it serves would leave it serving a file
      // that no longer exists, so the user chooses another model (or none) first.
      if (models.active()?.fileName === fileName) throw new Error(`${fileName} is the active model: choose another model (or none) before deleting it`);
      await models.delete(fileName);
      return status();
    },
    downloadModel: async ({ uri, sha256, fileName }) => {
      const controller = new AbortController();
      let id: string | null = null;
      // The manager reports the download's id synchronously, before its first await.
      const done = models.download({
        uri,
        ...(sha256 ? { sha256 } : {}),
        ...(fileName ? { fileName } : {}),
        signal: controller.signal,
        onProgress: (p) => {
          if (id === null) {
            id = p.id;
            running.set(p.id, controller);
          }
        },
      });
      if (id === null) {
        await done; // refused before it started (bad name, already downloading): rejects with the reason
        throw new Error(`the download of ${uri} did not start`);
      }
      const started: string = id;
      // The outcome (done, failed with the reason, cancelled) shows in the downloads list.
      void done.then(() => undefined, () => undefined).finally(() => running.delete(started));
      return { id: started, status: status() };
    },
    getCatalogue: async () => catalogue.view(),
    installCatalogueModel: async ({ id }) => {
      const controller = new AbortController();
      let downloadId: string | null = null;
      let onStarted = (): void => undefined;
      const started = new Promise<void>((resolve) => (onStarted = resolve));
      const installing = catalogue.install(id, {
        signal: controller.signal,
        onProgress: (p) => {
          if (downloadId !== null) return;
          downloadId = p.id;
          running.set(p.id, controller);
          onStarted();
        },
      });
      // Progress, the model coming into use, or a failure after the start show in the `models` event.
      void installing.then(() => undefined, () => undefined).finally(() => downloadId !== null && running.delete(downloadId));
      // Answers once the download runs, or at once when the file was here already; a refusal before any
      // download (unknown id, no hash from the hub) rejects the call with the reason.
      await Promise.race([started, installing]);
      return status();
    },
    cancelDownload: async ({ id }) => {
      const controller = running.get(id);
      if (!controller) throw new Error(`no running download ${id}`);
      controller.abort(new Error('cancelled by the user'));
      return status();
    },
    clearDownloads: async () => {
      models.clearFinishedDownloads();
      return status();
    },
    abortAll: () => {
      for (const c of running.values()) c.abort(new Error('the app is stopping'));
      running.clear();
    },
  };
}
