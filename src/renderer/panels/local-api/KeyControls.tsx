import { useState } from 'react';
import { maskKey } from './ide-snippets.js';

/** Copies text to the clipboard and says whether it worked, for a moment. */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId: string }): React.JSX.Element {
  const [said, setSaid] = useState<string | null>(null);
  const copy = (): void => {
    navigator.clipboard.writeText(text).then(() => setSaid('Copied'), () => setSaid('Copy failed: select and copy by hand'));
  };
  return (
    <>
      <button type="button" className="small" data-testid={testId} aria-label={label} onClick={copy}>Copy</button>
      {said && <span className="sub-inline" role="status">{said}</span>}
    </>
  );
}

/** The key, masked until shown; Copy; Regenerate behind a confirmation (the old key stops working at once). */
export function KeyControls(props: { apiKey: string; regenerating: boolean; onRegenerate: () => void }): React.JSX.Element {
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="key-controls">
      <code data-testid="local-api-key" data-shown={shown}>{shown ? props.apiKey : maskKey(props.apiKey)}</code>
      <button type="button" className="small" aria-pressed={shown} data-testid="local-api-key-show" onClick={() => setShown(!shown)}>{shown ? 'Hide' : 'Show'}</button>
      <CopyButton text={props.apiKey} label="Copy the API key" testId="local-api-key-copy" />
      {confirming ? (
        <span className="confirm" role="group" aria-label="Confirm regenerating the key">
          <span>The old key stops working at once.</span>
          <button type="button" className="small danger" data-testid="local-api-regenerate-confirm" disabled={props.regenerating}
            onClick={() => {
              setConfirming(false);
              props.onRegenerate();
            }}>Regenerate now</button>
          <button type="button" className="small" onClick={() => setConfirming(false)}>Cancel</button>
        </span>
      ) : (
        <button type="button" className="small" data-testid="local-api-regenerate" disabled={props.regenerating} onClick={() => setConfirming(true)}>
          {props.regenerating ? 'Regenerating…' : 'Regenerate'}
        </button>
      )}
    </div>
  );
}
