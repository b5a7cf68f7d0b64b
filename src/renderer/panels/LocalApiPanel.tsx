import { useEffect, useState } from 'react';
import type { RunnerApi } from '../../shared/contract.js';
import type { LocalApiInfoView } from '../../shared/local-api.js';
import type { Snapshot } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';
import { localDay } from '../../shared/local-day.js';
import { clineSnippet, continueSnippet } from './local-api/ide-snippets.js';
import { CopyButton, KeyControls } from './local-api/KeyControls.js';

/** The models a request can name now: this computer's when ready, and every usable nearby device's. */
function availableModels(snapshot: Snapshot): string[] {
  const self = snapshot.routing.self;
  const models = new Set<string>();
  if (self.model !== null && self.route.rank !== null) models.add(self.model);
  for (const p of snapshot.peers) if (p.route.rank !== null) models.add(p.model);
  return [...models].sort();
}

/** The OpenAI-compatible API IDEs use: where it listens, its key, how to set up Continue and Cline. */
export function LocalApiPanel({ api, snapshot }: { api: RunnerApi; snapshot: Snapshot }): React.JSX.Element {
  const [info, setInfo] = useState<LocalApiInfoView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [regenerating, setRegenerating] = useState(false);
  useEffect(() => {
    let live = true;
    api.getLocalApi({}).then((i) => live && setInfo(i), (err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [api]);
  const regenerate = (): void => {
    setRegenerating(true);
    setError(null);
    api.regenerateLocalApiKey({}).then(
      (i) => {
        setInfo(i);
        setRegenerating(false);
      },
      (err: Error) => {
        setError(err.message);
        setRegenerating(false);
      },
    );
  };
  const served = snapshot.routing.servedToday.day === localDay(Date.now()) ? snapshot.routing.servedToday : { localApi: 0, dashboard: 0 };
  const models = availableModels(snapshot);

  if (!info) {
    return (
      <Panel title="Local API" testId="panel-local-api">
        <EmptyState what="The address and key for pointing an IDE (Continue, Cline) at this computer will appear here." why={error ?? 'Asking the runner…'} />
      </Panel>
    );
  }
  const base = info.baseUrl ?? 'http://127.0.0.1:<port>/v1';
  return (
    <Panel title="Local API" testId="panel-local-api" aside={<span className={`device-state ${info.state === 'running' ? 'connected' : 'skipped'}`} data-testid="local-api-state">{info.state}</span>}>
      {info.state !== 'running' && <p className="bad-text" role="alert">Not running{info.error ? `: ${info.error}` : ''}</p>}
      {error && <p className="bad-text" role="alert">{error}</p>}
      <dl className="api-facts">
        <dt>Base URL</dt>
        <dd><code data-testid="local-api-base-url">{base}</code> {info.baseUrl && <CopyButton text={info.baseUrl} label="Copy the base URL" testId="local-api-url-copy" />}</dd>
        <dt>API key</dt>
        <dd><KeyControls apiKey={info.key} regenerating={regenerating} onRegenerate={regenerate} /></dd>
        <dt>Model</dt>
        <dd data-testid="local-api-models"><code>auto</code> lets the router choose the cheapest device{models.length > 0 ? <>; available now: {models.map((m) => <code key={m}>{m}</code>)}</> : '; no device can serve a request now'}</dd>
        <dt>Served today</dt>
        <dd data-testid="local-api-served-today">{served.localApi} from the local API · {served.dashboard} from this dashboard</dd>
      </dl>
      <h3>Continue</h3>
      <pre className="snippet" data-testid="snippet-continue">{continueSnippet(base, '<API key above>')}</pre>
      <CopyButton text={continueSnippet(base, info.key)} label="Copy the Continue configuration with the key" testId="snippet-continue-copy" />
      <h3>Cline</h3>
      <pre className="snippet" data-testid="snippet-cline">{clineSnippet(base, '<API key above>')}</pre>
      <CopyButton text={clineSnippet(base, info.key)} label="Copy the Cline settings with the key" testId="snippet-cline-copy" />
    </Panel>
  );
}
