import { useEffect, useState } from 'react';
import type { RunnerApi } from '../../../shared/contract.js';
import type { CatalogueView, CatalogueViewEntry } from '../../../shared/model-catalogue.js';
import { formatBytes, formatParams } from './model-format.js';

/**
 * The catalogue of coding models: how each fits this computer (node-llama-cpp's estimate), best first,
 * one Recommended; one click downloads (verified) and uses it. `refreshKey` re-reads it when the models
 * on disk or the GPU setting change.
 */
export function CatalogueList({ api, busy, refreshKey, onInstall }: {
  api: RunnerApi;
  busy: boolean;
  refreshKey: string;
  onInstall: (id: string) => Promise<boolean>;
}): React.JSX.Element {
  const [view, setView] = useState<CatalogueView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.getCatalogue({}).then(
      (v) => live && (setView(v), setError(null)),
      (err: Error) => live && setError(err.message),
    );
    return () => {
      live = false;
    };
  }, [api, refreshKey]);

  if (error) return <p className="error inline" role="alert" data-testid="catalogue-error">The catalogue could not be read: {error}</p>;
  if (!view) return <p className="sub" data-testid="catalogue-loading">Estimating which models fit this computer…</p>;
  return (
    <>
      <p className="sub" data-testid="catalogue-hardware">This computer: {view.hardware}</p>
      <table className="peers models" data-testid="catalogue">
        <thead><tr><th>Model</th><th>Params</th><th>Download</th><th>On this computer</th><th>Licence</th><th /></tr></thead>
        <tbody>{view.entries.map((e) => <CatalogueRow key={e.id} entry={e} busy={busy} onInstall={onInstall} />)}</tbody>
      </table>
    </>
  );
}

function CatalogueRow({ entry: e, busy, onInstall }: { entry: CatalogueViewEntry; busy: boolean; onInstall: (id: string) => Promise<boolean> }): React.JSX.Element {
  const label = e.onDisk ? 'Use' : 'Download and use';
  return (
    <tr data-testid={`catalogue-row-${e.id}`} className={e.recommended ? 'active' : undefined}>
      <td>
        {e.name} <span className="sub">{e.quantization}</span>
        {e.recommended && <span className="pill ok" data-testid="catalogue-recommended-badge">Recommended</span>}
      </td>
      <td>{formatParams(e.parameters)}</td>
      <td>{formatBytes(e.fileSizeBytes)}</td>
      <td data-testid={`catalogue-fit-${e.id}`} className={e.fit?.kind === 'no-fit' ? 'bad-text' : undefined}>{e.fit ? e.fit.words : `unknown (${e.fitError ?? 'not estimated'})`}</td>
      <td>{e.licence}</td>
      <td className="actions">
        <button type="button" className="small" disabled={busy || e.fit?.kind === 'no-fit'} onClick={() => void onInstall(e.id)}
          data-testid={e.recommended ? 'catalogue-use-recommended' : `catalogue-use-${e.id}`} aria-label={`${label} ${e.name}`}>{label}</button>
      </td>
    </tr>
  );
}
