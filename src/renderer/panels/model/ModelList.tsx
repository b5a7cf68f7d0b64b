import type { ModelEntryStatus } from '../../../shared/models-status.js';
import { formatBytes, formatParams } from './model-format.js';

/** Models on disk, with [Use] and [Delete]; the active one cannot be deleted (choose another first). */
export function ModelList(props: {
  models: ModelEntryStatus[];
  busy: boolean;
  onUse: (fileName: string | null) => void;
  onDelete: (fileName: string) => void;
}): React.JSX.Element {
  if (props.models.length === 0) {
    return <p className="sub" data-testid="models-none">No models on disk yet: add a .gguf file or download one below.</p>;
  }
  return (
    <table className="peers models" data-testid="models-on-disk">
      <thead><tr><th>File</th><th>Params</th><th>Class</th><th>×</th><th>Size</th><th>Memory</th><th /></tr></thead>
      <tbody>
        {props.models.map((m) => (
          <tr key={m.fileName} data-testid={`model-row-${m.fileName}`} className={m.active ? 'active' : undefined}>
            <td title={m.name}>{m.fileName}{m.failedReason && <span className="sub bad-text">Failed: {m.failedReason}</span>}</td>
            <td>{formatParams(m.paramSize)}</td>
            <td>{m.sizeClass}</td>
            <td>{m.creditMultiplier}</td>
            <td>{formatBytes(m.fileSizeBytes)}</td>
            <td>~{m.memoryEstimateMB} MB</td>
            <td className="actions">
              {m.active ? (
                <button type="button" className="small" disabled={props.busy} onClick={() => props.onUse(null)} data-testid="model-stop-using">Stop using</button>
              ) : (
                <button type="button" className="small" disabled={props.busy} onClick={() => props.onUse(m.fileName)} data-testid="model-use">Use</button>
              )}
              <button type="button" className="small danger" disabled={props.busy || m.active} title={m.active ? 'Choose another model (or none) before deleting this one' : undefined}
                onClick={() => props.onDelete(m.fileName)} data-testid="model-delete">Delete</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
