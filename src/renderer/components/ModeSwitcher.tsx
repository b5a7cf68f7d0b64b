import { computeModeLabels, type ComputeMode } from '../../shared/modes.js';

const modes: ComputeMode[] = ['off', 'on', 'bluetooth-local'];
const hints: Record<ComputeMode, string> = {
  off: 'Offer nothing: no coordinator heartbeat, no Bluetooth.',
  on: 'Work for the EdgeCoder swarm through the coordinator (rewarded).',
  'bluetooth-local': 'Serve and use nearby devices over Bluetooth LE only; no internet needed.',
};

/** The same three choices as the tray's radio items. */
export function ModeSwitcher(props: { mode: ComputeMode; disabled: boolean; onChange: (m: ComputeMode) => void }): React.JSX.Element {
  return (
    <div className="mode-switcher" role="radiogroup" aria-label="Compute mode" data-testid="mode-switcher">
      {modes.map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={props.mode === m}
          className={props.mode === m ? 'selected' : ''}
          disabled={props.disabled}
          title={hints[m]}
          data-testid={`mode-${m}`}
          onClick={() => props.mode !== m && props.onChange(m)}
        >
          {computeModeLabels[m]}
        </button>
      ))}
    </div>
  );
}
