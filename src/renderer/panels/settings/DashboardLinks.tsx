import { useState } from 'react';
import type { RunnerApi } from '../../../shared/contract.js';

/**
 * Revokes every open dashboard link (headless host): a new token is made, every other open tab is
 * cut off at once, and this page reopens itself with the new link. The desktop app has no such links
 * and says so.
 */
export function DashboardLinks({ api }: { api: RunnerApi }): React.JSX.Element {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const revoke = (): void => {
    api.revokeDashboardLinks({}).then(
      ({ dashboardUrl }) => {
        setMessage({ text: 'Every link was revoked; reopening this page with the new one…', error: false });
        window.location.hash = new URL(dashboardUrl).hash;
        window.location.reload();
      },
      (err: Error) => setMessage({ text: err.message, error: true }),
    );
  };
  return (
    <div className="setting">
      <label htmlFor="settings-revoke-links">Dashboard links</label>
      <div className="with-buttons">
        <button id="settings-revoke-links" type="button" className="small danger" data-testid="settings-revoke-links" onClick={revoke}>
          Revoke every link
        </button>
      </div>
      <span className="field-hint">Makes a new dashboard token: every open dashboard and every copied link stop working at once.</span>
      {message && <span className={message.error ? 'field-error' : 'field-hint'} role={message.error ? 'alert' : 'status'} data-testid="settings-revoke-message">{message.text}</span>}
    </div>
  );
}
