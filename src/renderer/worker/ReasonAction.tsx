import type { PauseReason } from '../../shared/snapshot.js';
import { focusPanel } from './focus-panel.js';

export interface ReasonActionHandlers {
  busy: boolean;
  resume: () => void;
  /** Said under the banner when an action has nowhere to go on this page. */
  explain: (text: string) => void;
}

const SETTINGS_HINT =
  'Power rules are the settings "run only while charging" and "minimum battery" (settings.power in settings.json in the data folder). ' +
  'Plug in the charger, or change them and restart the runner.';

/** The one thing to do about a reason, next to it: a button, a hint, or nothing (the words say it). */
export function ReasonAction({ reason, handlers }: { reason: PauseReason; handlers: ReasonActionHandlers }): React.JSX.Element | null {
  const { code } = reason;
  const button = (label: string, onClick: () => void, testId: string): React.JSX.Element => (
    <button type="button" className="small" disabled={handlers.busy} onClick={onClick} data-testid={testId}>{label}</button>
  );
  // The catalogue's recommended model when it is on the page, else the Model panel.
  if (code === 'no_model') return button('Choose a model', () => focusPanel('catalogue-use-recommended') || focusPanel('panel-model'), 'reason-choose-model');
  if (code.startsWith('model_')) return button('Model panel', () => focusPanel('panel-model'), 'reason-model-panel');
  if (code === 'snoozed' || code === 'draining') return button('Resume', handlers.resume, 'resume-button');
  if (code.startsWith('power_')) {
    return button('Settings', () => focusPanel('panel-settings') || handlers.explain(SETTINGS_HINT), 'reason-settings');
  }
  if (code === 'coordinator_unreachable') {
    return <span className="sub" data-testid="reason-hint">A heartbeat is retried every 15 s; the header shows the last ones.</span>;
  }
  return null;
}
