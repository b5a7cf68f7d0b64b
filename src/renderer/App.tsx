import { useState } from 'react';
import type { ComputeMode } from '../shared/modes.js';
import { Header } from './components/Header.js';
import { WorkerBanner } from './components/WorkerBanner.js';
import { ActivityPanel } from './panels/ActivityPanel.js';
import { CreditsPanel } from './panels/CreditsPanel.js';
import { ModelPanel } from './panels/ModelPanel.js';
import { LocalApiPanel } from './panels/LocalApiPanel.js';
import { NearbyDevicesPanel } from './panels/NearbyDevicesPanel.js';
import { RoutingPanel } from './panels/RoutingPanel.js';
import { SettingsPanel } from './panels/SettingsPanel.js';
import { SimulatorPanel } from './panels/SimulatorPanel.js';
import { Toasts } from './worker/Toasts.js';
import { RunnerStoreContext, selectConnection, selectError, selectSnapshot, useRunnerSelector } from './store/use-runner-store.js';
import { useRunner } from './use-runner.js';

/** Connects to the core and provides the live-data store to the dashboard. */
export function App(): React.JSX.Element {
  const { api, store } = useRunner();
  return (
    <RunnerStoreContext.Provider value={store}>
      <Dashboard api={api} />
    </RunnerStoreContext.Provider>
  );
}

function Dashboard({ api }: { api: ReturnType<typeof useRunner>['api'] }): React.JSX.Element {
  const snapshot = useRunnerSelector(selectSnapshot);
  const connection = useRunnerSelector(selectConnection);
  const error = useRunnerSelector(selectError);
  const [modeError, setModeError] = useState<string | null>(null);
  const [switching, setSwitching] = useState(false);

  if (connection === 'unauthorized') {
    return (
      <main className="refused" data-testid="refused">
        <h1>EdgeCoder Runner</h1>
        <p>This dashboard was opened without a valid access link, or its link was revoked, so the runner refused it.</p>
        <p>Open the <code>Dashboard: http://127.0.0.1:…/#token=…</code> link the runner printed when it started.</p>
      </main>
    );
  }
  if (!snapshot) {
    return (
      <main className="loading" data-testid="loading">
        <p>{error ?? (connection === 'closed' ? 'The connection to the runner closed. Is it still running?' : 'Connecting to the runner…')}</p>
      </main>
    );
  }

  const changeMode = (mode: ComputeMode): void => {
    setSwitching(true);
    setModeError(null);
    api.setMode({ mode }).then(
      () => setSwitching(false),
      (err: Error) => {
        setSwitching(false);
        setModeError(err.message);
      },
    );
  };

  return (
    <div className="app">
      <Header snapshot={snapshot} connection={connection} switching={switching} onModeChange={changeMode} />
      {modeError && <p className="error" role="alert">{modeError}</p>}
      <WorkerBanner snapshot={snapshot} api={api} />
      <main className="panels">
        <NearbyDevicesPanel api={api} snapshot={snapshot} />
        <RoutingPanel api={api} routing={snapshot.routing} activity={snapshot.activity} />
        <CreditsPanel api={api} credits={snapshot.credits} />
        <ModelPanel api={api} model={snapshot.model} />
        <ActivityPanel activity={snapshot.activity} />
        <LocalApiPanel api={api} snapshot={snapshot} />
        <SettingsPanel api={api} activity={snapshot.activity} />
        <SimulatorPanel api={api} />
      </main>
      <Toasts api={api} />
    </div>
  );
}
