import { useState } from 'react';
import type { RunnerApi } from '../../../shared/contract.js';
import type { CodingLanguage } from '../../../shared/routing.js';
import type { SendPromptResult } from '../../../shared/send-prompt.js';
import { fmt, fmtCredits, termsSentence } from '../../components/device-words.js';
import { codingRunLine } from './routing-words.js';

type Status = { kind: 'idle' } | { kind: 'sending'; promptId: string } | { kind: 'done'; result: SendPromptResult } | { kind: 'failed'; message: string };

/**
 * A prompt sent through the same router as the local API: the answer, who served it and why. Cancel
 * stops it (by the id the page chose); closing the page stops it too (the host sees the link go).
 * "Run as a coding task" (Python or JavaScript) asks the device to write code for the prompt, run it
 * in its sandbox and fix it: the result shows the code, what it printed, its exit code, the iterations
 * and who ran it.
 */
export function PromptBox({ api }: { api: RunnerApi }): React.JSX.Element {
  const [prompt, setPrompt] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [mode, setMode] = useState<'prompt' | CodingLanguage>('prompt');
  const send = (e: React.FormEvent): void => {
    e.preventDefault();
    if (prompt.trim() === '' || status.kind === 'sending') return;
    const promptId = crypto.randomUUID();
    setStatus({ kind: 'sending', promptId });
    api.sendPrompt({ prompt, promptId, ...(mode === 'prompt' ? {} : { coding: { language: mode, kind: 'micro_loop' } }) }).then(
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
        <select aria-label="Run as" data-testid="prompt-mode" value={mode} disabled={status.kind === 'sending'}
          onChange={(e) => setMode(e.target.value as 'prompt' | CodingLanguage)}>
          <option value="prompt">As a prompt</option>
          <option value="python">Run as a coding task: Python</option>
          <option value="javascript">Run as a coding task: JavaScript</option>
        </select>
        {status.kind === 'sending' && (
          <button type="button" className="small" data-testid="prompt-cancel" onClick={() => void api.cancelPrompt({ promptId: status.promptId }).catch(() => undefined)}>
            Cancel
          </button>
        )}
        <span className="sub-inline">Ctrl+Enter sends</span>
      </div>
      <div role="status" aria-live="polite" className="prompt-result" data-testid="prompt-result">
        {status.kind === 'sending' && <p>{mode === 'prompt' ? 'Routing the prompt…' : 'Routing the coding task: the device writes the code, runs it and fixes it…'}</p>}
        {status.kind === 'failed' && <p className="bad-text" data-testid="prompt-error">{status.message}</p>}
        {status.kind === 'done' && (
          <>
            <p data-testid="prompt-served-by">
              Served by <strong>{status.result.servedBy.name}</strong> in {fmt(status.result.latencyMs)} ms{status.result.coding ? '' : ` · ${status.result.completionTokens} tokens`}
              {status.result.credits !== null ? ` · ${fmtCredits(status.result.credits)} credits` : ' · unpaid'}
              {status.result.attempts.length > 1 ? ` · ${status.result.attempts.length} attempts` : ''}
            </p>
            <p className="sub-inline">Cost {termsSentence(status.result.terms)}</p>
            {status.result.coding ? <CodingResult result={status.result} /> : <pre className="prompt-output" data-testid="prompt-output">{status.result.output}</pre>}
          </>
        )}
      </div>
    </form>
  );
}

/** A coding request's run: how it ended and who ran it, the code, what it printed, and its error when it failed. */
function CodingResult({ result }: { result: SendPromptResult }): React.JSX.Element | null {
  const run = result.coding;
  if (!run) return null;
  return (
    <div data-testid="prompt-coding" data-ok={run.ok ? 'true' : 'false'}>
      <p data-testid="prompt-coding-summary" className={run.ok ? '' : 'bad-text'}>
        {run.ok ? 'Ran ok' : `Failed${run.reason ? ` (${run.reason.replace(/_/g, ' ')})` : ''}`}: {codingRunLine(run, result.servedBy.name)}
      </p>
      <p className="sub-inline">Code</p>
      <pre className="prompt-output" data-testid="prompt-code">{run.code || '(no code was written)'}</pre>
      <p className="sub-inline">Output</p>
      <pre className="prompt-output" data-testid="prompt-output">{result.output}</pre>
      {run.error && <pre className="prompt-output bad-text" data-testid="prompt-coding-error">{run.error}</pre>}
    </div>
  );
}
