import { memo, useEffect, useState } from 'react';
import type { RunnerApi } from '../../shared/contract.js';
import type { ModelsStatus } from '../../shared/models-status.js';
import type { ModelSummary } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';
import { BackendLine } from './model/BackendLine.js';
import { CatalogueList } from './model/CatalogueList.js';
import { DownloadList } from './model/DownloadList.js';
import { AddModelForm, DownloadForm } from './model/ModelForms.js';
import { ModelList } from './model/ModelList.js';
import { formatParams } from './model/model-format.js';

/** Loads the full status whenever the `model` event replaces the slice, and follows the `models` event. */
function useModelsStatus(api: RunnerApi, model: ModelSummary | null): [ModelsStatus | null, (s: ModelsStatus) => void, string | null] {
  const [status, setStatus] = useState<ModelsStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => api.on('models', setStatus), [api]);
  useEffect(() => {
    let live = true;
    api.getModels({}).then(
      (s) => live && setStatus(s),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [api, model]);
  return [status, setStatus, error];
}

function ModelPanelView({ api, model }: { api: RunnerApi; model: ModelSummary | null }): React.JSX.Element {
  const [status, setStatus, loadError] = useModelsStatus(api, model);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<ModelsStatus>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      setStatus(await work());
      return true;
    } catch (err) {
      setError((err as Error).message);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const active = status?.active ?? null;
  const engine = status?.engine;

  return (
    <Panel title="Model" testId="panel-model">
      {active === null ? (
        <EmptyState
          what="The local model this computer offers (name, size class, credit multiplier) will appear here."
          why={loadError ?? (status && status.models.length > 0 ? 'No model is chosen: press Use on a model below.' : 'No model is active yet: add a .gguf file or download one to start offering compute.')}
        />
      ) : (
        <>
          <dl className="figures four" data-testid="model-active">
            <div><dt>Active</dt><dd data-testid="model-active-name" title={active.fileName}>{active.name}</dd></div>
            <div><dt>Size</dt><dd data-testid="model-active-params">{formatParams(active.paramSize)} · <span data-testid="model-active-class">{active.sizeClass}</span></dd></div>
            <div><dt>Credit multiplier</dt><dd data-testid="model-active-multiplier">{active.creditMultiplier}</dd></div>
            <div><dt>State</dt><dd data-testid="model-active-state" className={`state-${active.state}`}>{active.state === 'none' ? 'not loaded' : active.state}</dd></div>
          </dl>
          {active.reason && <p className="bad-text" data-testid="model-active-reason">Failed to load: {active.reason}</p>}
        </>
      )}
      {engine && (
        <p className="sync-line" data-testid="model-engine">
          llama.cpp: {engine.threads} thread{engine.threads === 1 ? '' : 's'}, {engine.busy} running, {engine.queued} waiting (load {Math.round(engine.currentLoad * 100)}%)
          {engine.hostRestarts > 0 && `, host restarted ${engine.hostRestarts}×`}
          {engine.lastCrash && `; last crash: ${engine.lastCrash}`}
        </p>
      )}
      {engine && <BackendLine api={api} engine={engine} />}
      {error && <p className="error inline" role="alert" data-testid="model-error">{error}</p>}
      <h3>Coding models for this computer</h3>
      <CatalogueList api={api} busy={busy} onInstall={(id) => run(() => api.installCatalogueModel({ id }))}
        refreshKey={`${engine?.gpu ?? ''}|${engine?.backend?.backend ?? ''}|${status?.models.map((m) => m.fileName).join(',') ?? ''}`} />
      <h3>Models on disk</h3>
      {status && (
        <ModelList models={status.models} busy={busy}
          onUse={(fileName) => void run(() => api.selectModel({ fileName }))}
          onDelete={(fileName) => void run(() => api.deleteModel({ fileName }))} />
      )}
      {status && <DownloadList downloads={status.downloads} onCancel={(id) => void run(() => api.cancelDownload({ id }))}
        onClear={() => void run(() => api.clearDownloads({}))} />}
      <AddModelForm busy={busy} onAdd={(path) => run(() => api.addModel({ path }))} />
      <DownloadForm busy={busy} onDownload={(uri, sha256) => run(async () => (await api.downloadModel({ uri, ...(sha256 ? { sha256 } : {}) })).status)} />
    </Panel>
  );
}

/** Memoised on its slice: a peers change (several a second with 200 devices) passes it by. */
export const ModelPanel = memo(ModelPanelView);
