import { memo, useEffect, useState } from 'react';
import type { RunnerApi } from '../../shared/contract.js';
import type { LocalApiInfoView } from '../../shared/local-api.js';
import type { SettingsView } from '../../shared/settings-edit.js';
import type { ActivityEntry } from '../../shared/snapshot.js';
import { Panel } from '../components/Panel.js';
import { DashboardLinks } from './settings/DashboardLinks.js';
import { LocalApiKey } from './settings/LocalApiKey.js';
import { CheckSetting, TextSetting } from './settings/SettingsInputs.js';
import { changesFromForm, fieldPath, formFromSettings, type SettingsForm } from './settings/settings-form.js';

/**
 * Every user setting, saved through updateSettings and applied live by the core. A refused field shows
 * the core's sentence under it and nothing is saved. When Activity gets a new entry (the store replaces
 * the list), the local API's state (it may move to a new port after a save) is read again.
 */
function SettingsPanelView({ api, activity }: { api: RunnerApi; activity: readonly ActivityEntry[] }): React.JSX.Element {
  const [view, setView] = useState<SettingsView | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [apiInfo, setApiInfo] = useState<LocalApiInfoView | null>(null);

  useEffect(() => {
    api.getSettings({}).then(
      (v) => {
        setView(v);
        setForm(formFromSettings(v.settings));
      },
      (err: Error) => setStatus({ text: err.message, error: true }),
    );
  }, [api]);
  useEffect(() => {
    api.getLocalApi({}).then(setApiInfo, () => undefined);
  }, [api, activity]);

  if (!view || !form) return <Panel title="Settings" testId="panel-settings"><p>{status?.text ?? 'Loading settings…'}</p></Panel>;
  const saved = formFromSettings(view.settings);
  const set = <K extends keyof SettingsForm>(key: K) => (value: SettingsForm[K]): void => setForm({ ...form, [key]: value });
  const err = (key: keyof SettingsForm): string | undefined => errors[fieldPath[key]];

  const save = (event: React.FormEvent): void => {
    event.preventDefault();
    setSaving(true);
    setStatus(null);
    api.updateSettings({ changes: changesFromForm(form, saved) }).then(
      (result) => {
        setSaving(false);
        if (!result.ok) {
          setErrors(result.fieldErrors);
          const others = Object.keys(result.fieldErrors).filter((p) => !Object.values(fieldPath).includes(p));
          setStatus({ text: `Not saved: ${others.length ? others.map((p) => `${p} ${result.fieldErrors[p] ?? ''}`).join('; ') : 'correct the fields marked below'}.`, error: true });
          return;
        }
        setErrors({});
        setView({ ...view, settings: result.settings });
        setForm(formFromSettings(result.settings));
        setStatus({ text: result.changed.length ? 'Saved and applied.' : 'Nothing to save.', error: false });
      },
      (e: Error) => {
        setSaving(false);
        setStatus({ text: e.message, error: true });
      },
    );
  };
  const openFolder = (): void => {
    api.openDataFolder({}).then(() => undefined, (e: Error) => setStatus({ text: e.message, error: true }));
  };

  return (
    <Panel title="Settings" testId="panel-settings">
      <form className="settings" onSubmit={save} noValidate aria-label="Settings">
        <fieldset>
          <legend>Coordinator</legend>
          <TextSetting path="coordinatorUrl" label="Coordinator URL" type="url" value={form.coordinatorUrl} onChange={set('coordinatorUrl')} error={err('coordinatorUrl')} hint="A new address registers there at once." />
          <TextSetting path="meshToken" label="Mesh token" type="password" value={form.meshToken} onChange={set('meshToken')} error={err('meshToken')} hint="Issued at registration; leave empty to get a new one." />
        </fieldset>
        <fieldset>
          <legend>Contributing compute</legend>
          <CheckSetting path="power.runOnlyWhileCharging" label="Run only while charging" value={form.runOnlyWhileCharging} onChange={set('runOnlyWhileCharging')} error={err('runOnlyWhileCharging')} />
          <TextSetting path="power.minBatteryPct" label="Battery threshold (%)" type="number" min={0} max={100} value={form.minBatteryPct} onChange={set('minBatteryPct')} error={err('minBatteryPct')} hint="Below this the worker pauses." />
          <CheckSetting path="serveNearbyWhileOn" label="Serve nearby devices while On" value={form.serveNearbyWhileOn} onChange={set('serveNearbyWhileOn')} error={err('serveNearbyWhileOn')} />
          <CheckSetting path="useNearbyWhileOn" label="Use nearby devices for my requests while On" value={form.useNearbyWhileOn} onChange={set('useNearbyWhileOn')} error={err('useNearbyWhileOn')} />
          <TextSetting path="worker.maxConcurrentTasks" label="Max concurrent tasks" type="number" min={1} max={16} value={form.maxConcurrentTasks} onChange={set('maxConcurrentTasks')} error={err('maxConcurrentTasks')} hint="Tasks for others at once (the coordinator may lower it)." />
        </fieldset>
        <fieldset>
          <legend>This computer</legend>
          <CheckSetting path="startAtLogin" label="Start at login" value={form.startAtLogin} onChange={set('startAtLogin')} error={err('startAtLogin')} hint={view.startAtLoginApplies ? undefined : 'Applies to the desktop app.'} />
          <TextSetting path="localApi.port" label="Local API port" type="number" min={0} max={65535} value={form.localApiPort} onChange={set('localApiPort')} error={err('localApiPort')} hint={portHint(saved.localApiPort, apiInfo)} />
          <LocalApiKey api={api} info={apiInfo} onInfo={setApiInfo} />
          <DashboardLinks api={api} />
          <div className="setting">
            <span className="label" id="settings-data-folder-label">Data folder</span>
            <div className="with-buttons">
              <code data-testid="settings-data-folder" aria-labelledby="settings-data-folder-label">{view.dataFolder}</code>
              <button type="button" className="small" data-testid="settings-open-data-folder" onClick={openFolder} disabled={!view.canOpenDataFolder}
                title={view.canOpenDataFolder ? 'Show it in the file manager' : 'Only the desktop app can open a folder; open it yourself on this machine.'}
                aria-describedby={view.canOpenDataFolder ? undefined : 'settings-data-folder-note'}>Open</button>
            </div>
            {!view.canOpenDataFolder && <span id="settings-data-folder-note" className="field-hint">Opening it applies to the desktop app; here, open it yourself on this machine.</span>}
          </div>
          {view.agentId && <p className="field-hint">Agent id: <code data-testid="settings-agent-id">{view.agentId}</code></p>}
        </fieldset>
        <div className="settings-actions">
          <button type="submit" className="primary" data-testid="settings-save" disabled={saving}>{saving ? 'Saving…' : 'Save'}</button>
          {status && <span className={status.error ? 'field-error' : 'field-hint'} role={status.error ? 'alert' : 'status'} data-testid="settings-status">{status.text}</span>}
        </div>
      </form>
    </Panel>
  );
}

/** The port field's hint; says so when this launch listens elsewhere (headless --api-port). */
function portHint(savedPort: string, info: LocalApiInfoView | null): string {
  const base = '0 picks any free port; the API moves at once.';
  if (!info?.port || savedPort === '0' || String(info.port) === savedPort) return base;
  return `${base} This launch listens on ${info.port} (--api-port) until the port is changed here.`;
}

/** Memoised on its slice: a peers change (several a second with 200 devices) passes it by. */
export const SettingsPanel = memo(SettingsPanelView);
