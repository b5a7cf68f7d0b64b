import { useState } from 'react';
import type { RunnerApi } from '../../../shared/contract.js';
import type { SendPromptResult } from '../../../shared/send-prompt.js';
import { fmt, fmtCredits, termsSentence } from '../../components/device-words.js';

type Status = { kind: 'idle' } | { kind: 'sending'; promptId: string } | { kind: 'done'; result: SendPromptResult } | { kind: 'failed'; message: string };

/**
 * A prompt sent through the same router as the local API: the answer, who served it and why. Cancel
 * stops it (by the id the page chose); closing the page stops it too (the host sees the link go).
 */
export function PromptBox({ api }: { api: RunnerApi }): React.JSX.Element {
  const [prompt, setPrompt] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const send = (e: React.FormEvent): void => {
    e.preventDefault();
    if (prompt.trim() === '' || status.kind === 'sending') return;
    const promptId = crypto.randomUUID();
    setStatus({ kind: 'sending', promptId });
    api.sendPrompt({ prompt, promptId }).then(
      (result) => setStatus({ kind: 'done', result }),
      (err: Error) => setStatus({ kind: 'failed', message: err.message }),
    );
  };
  return (
    <form className="prompt-box" onSubmit={send} data-testid="prompt-box">
      <label htmlFor="prompt-text">Try a prompt (model auto: the router picks the device)</label>
      <textarea id="prompt-text" data-testid="prompt-text" rows={3} maxLength={20_000} value={prompt} onChange={(e) => setPrompt(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send(e);
        }} />
      <div className="prompt-actions">
        <button type="submit" className="small" data-testid="prompt-send" disabled={status.kind === 'sending' || prompt.trim() === ''}>
          {status.kind === 'sending' ? 'Sending…' : 'Send'}
        </button>
        {status.kind === 'sending' && (
          <button type="button" className="small" data-testid="prompt-cancel" onClick={() => void api.cancelPrompt({ promptId: status.promptId }).catch(() => undefined)}>
            Cancel
          </button>
        )}
        <span className="sub-inline">Ctrl+Enter sends</span>
      </div>
      <div role="status" aria-live="polite" className="prompt-result" data-testid="prompt-result">
        {status.kind === 'sending' && <p>Routing the prompt…</p>}
        {status.kind === 'failed' && <p className="bad-text" data-testid="prompt-error">{status.message}</p>}
        {status.kind === 'done' && (
          <>
            <p data-testid="prompt-served-by">
              Served by <strong>{status.result.servedBy.name}</strong> in {fmt(status.result.latencyMs)} ms · {status.result.completionTokens} tokens
              {status.result.credits !== null ? ` · ${fmtCredits(status.result.credits)} credits` : ' · unpaid'}
              {status.result.attempts.length > 1 ? ` · ${status.result.attempts.length} attempts` : ''}
            </p>
            <p className="sub-inline">Cost {termsSentence(status.result.terms)}</p>
            <pre className="prompt-output" data-testid="prompt-output">{status.result.output}</pre>
          </>
        )}
      </div>
    </form>
  );
}
