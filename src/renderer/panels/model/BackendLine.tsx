import { useState } from 'react';
import type { RunnerApi } from '../../../shared/contract.js';
import type { ModelsStatus } from '../../../shared/models-status.js';

/** "Runs on" the loaded model's backend in words, and the GPU setting (auto / off), applied live. */
export function BackendLine({ api, engine }: { api: RunnerApi; engine: ModelsStatus['engine'] }): React.JSX.Element {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const choose = async (gpu: 'auto' | 'off'): Promise<void> => {
    setSaving(true);
    setError(null);
    try {
      const result = await api.updateSettings({ changes: { inference: { gpu } } });
      if (!result.ok) setError(Object.values(result.fieldErrors)[0] ?? 'not saved');
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSaving(false);
    }
  };
  const backend = engine.backend;
  return (
    <div className="backend-line">
      <p className="sync-line" data-testid="model-backend">
        Runs on: {backend ? backend.summary : 'no model loaded yet'}
        {backend && backend.backend !== 'cpu' && backend.vramTotalBytes > 0 && ` · ${backend.gpuName ?? 'GPU'}, ${gib(backend.vramFreeBytes)} of ${gib(backend.vramTotalBytes)} free`}
      </p>
      <label>
        GPU{' '}
        <select data-testid="model-gpu" value={engine.gpu} disabled={saving} onChange={(e) => void choose(e.target.value === 'off' ? 'off' : 'auto')}>
          <option value="auto">Auto (use the GPU when there is one)</option>
          <option value="off">Off (CPU only)</option>
        </select>
      </label>
      {error && <p className="error inline" role="alert">{error}</p>}
    </div>
  );
}

function gib(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GB`;
}
