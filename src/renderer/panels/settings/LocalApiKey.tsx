import { useState } from 'react';
import type { RunnerApi } from '../../../shared/contract.js';
import type { LocalApiInfoView } from '../../../shared/local-api.js';

/** The local API's address and key, with Copy and Regenerate (the old key stops working at once). */
export function LocalApiKey(props: { api: RunnerApi; info: LocalApiInfoView | null; onInfo: (info: LocalApiInfoView) => void }): React.JSX.Element {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const { info } = props;
  const copy = (): void => {
    if (!info) return;
    navigator.clipboard.writeText(info.key).then(
      () => setMessage({ text: 'Key copied.', error: false }),
      (err: Error) => setMessage({ text: `Could not copy: ${err.message}. Select the key and copy it yourself.`, error: true }),
    );
  };
  const regenerate = (): void => {
    props.api.regenerateLocalApiKey({}).then(
      (next) => {
        props.onInfo(next);
        setMessage({ text: 'A new key was made: update your IDE.', error: false });
      },
      (err: Error) => setMessage({ text: err.message, error: true }),
    );
  };
  return (
    <div className="setting api-key">
      <label htmlFor="settings-api-key">Local API key</label>
      <div className="with-buttons">
        <input id="settings-api-key" data-testid="settings-api-key" readOnly value={info?.key ?? ''} aria-describedby="settings-api-state" spellCheck={false} />
        <button type="button" className="small" data-testid="settings-api-copy" onClick={copy} disabled={!info}>Copy</button>
        <button type="button" className="small danger" data-testid="settings-api-regenerate" onClick={regenerate}>Regenerate</button>
      </div>
      <span id="settings-api-state" className="field-hint" data-testid="settings-api-state">
        {info?.state === 'running' ? `Serving ${info.baseUrl ?? ''}` : `Off: ${info?.error ?? 'not started'}`}
      </span>
      {message && <span className={message.error ? 'field-error' : 'field-hint'} role={message.error ? 'alert' : 'status'} data-testid="settings-api-message">{message.text}</span>}
    </div>
  );
}
