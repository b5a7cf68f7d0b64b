import type { DownloadStatus } from '../../../shared/models-status.js';
import { formatBytes, formatEta } from './model-format.js';

const RUNNING = new Set<DownloadStatus['state']>(['resolving', 'downloading', 'verifying']);

/**
 * Downloads with a progress bar (bytes, speed, time left), a Cancel button while running, and the
 * outcome; an `interrupted` row is a partial file left by an earlier run, with how to resume or discard it.
 */
export function DownloadList(props: { downloads: DownloadStatus[]; onCancel: (id: string) => void; onClear: () => void }): React.JSX.Element | null {
  if (props.downloads.length === 0) return null;
  const finished = props.downloads.some((d) => !RUNNING.has(d.state));
  return (
    <>
    <h3 className="with-action">Downloads{finished && <button type="button" className="small" onClick={props.onClear} data-testid="downloads-clear">Clear finished</button>}</h3>
    <ul className="downloads" data-testid="model-downloads">
      {props.downloads.map((d) => {
        const running = RUNNING.has(d.state);
        const pct = d.totalBytes > 0 ? Math.min(100, (d.downloadedBytes / d.totalBytes) * 100) : 0;
        return (
          <li key={d.id} data-testid="download-row" data-state={d.state} className={d.state}>
            <div className="download-head">
              <span title={d.uri || 'left by an earlier run'}>{d.fileName ?? d.uri}</span>
              <span className="download-state" data-testid="download-state">{d.state}</span>
              {running && <button type="button" className="small" onClick={() => props.onCancel(d.id)} data-testid="download-cancel">Cancel</button>}
            </div>
            <progress max={100} value={pct} aria-label={`Download of ${d.fileName ?? d.uri}`} />
            <span className="sub">
              {formatBytes(d.downloadedBytes)}{d.totalBytes > 0 ? ` of ${formatBytes(d.totalBytes)}` : ''}
              {running && d.state === 'downloading' ? ` · ${formatBytes(d.speedBps)}/s · ${formatEta(d.etaSeconds)} left` : ''}
            </span>
            {d.error && <span className="sub bad-text" data-testid="download-error">{d.error}</span>}
            {d.state === 'interrupted' && <span className="sub" data-testid="download-hint">Left by an earlier run: download the same file again to resume it, or Clear finished to delete it.</span>}
          </li>
        );
      })}
    </ul>
    </>
  );
}
