import type { SimDeviceState, SimSetDeviceArgs } from '../../shared/sim-status.js';
import { deviceChange, rowView, type DeviceDraft, type RowEdit } from './device-change.js';

const kindLabel = { phone: 'phone', laptop: 'laptop', iphone: 'iPhone' } as const;

/** One virtual device: its battery, load and RSSI as inputs (Enter or Apply), and Remove. What is typed is kept by the panel (`edit`). */
export function SimDeviceRow(props: {
  device: SimDeviceState;
  edit: RowEdit | undefined;
  onEdit: (id: string, edit: RowEdit) => void;
  busy: boolean;
  onApply: (args: SimSetDeviceArgs) => Promise<string | null>;
  onRemove: () => void;
}): React.JSX.Element {
  const { device } = props;
  const { basis, draft, error } = rowView(device, props.edit);
  const setDraft = (next: DeviceDraft): void => props.onEdit(device.id, { basis, draft: next, error });
  const setError = (next: string | null): void => props.onEdit(device.id, { basis, draft, error: next });
  const apply = (): void => {
    const change = deviceChange(device, draft);
    if (!change.ok) return setError(change.error);
    setError(null);
    void props.onApply(change.args).then(setError);
  };
  const input = (field: keyof DeviceDraft, label: string, disabled = false): React.JSX.Element => (
    <input type="number" inputMode="numeric" value={draft[field]} disabled={disabled || props.busy} aria-label={`${label} of ${device.name}`}
      aria-invalid={error !== null} data-testid={`sim-${field}`}
      onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
      onKeyDown={(e) => e.key === 'Enter' && apply()} />
  );
  return (
    <>
      <tr data-testid="sim-device" data-id={device.id}>
        <td><div className="cell" title={device.name}><strong>{device.name}</strong><span className="sub">{kindLabel[device.kind]} · {device.id}</span></div></td>
        <td>{input('batteryPct', 'Battery (%)')}</td>
        <td>{device.currentLoad === null ? <span className="sub" title="An iPhone in Bluetooth Local reports no load">—</span> : input('currentLoad', 'Load (tasks)')}</td>
        <td>{input('rssi', 'RSSI (dBm)')}</td>
        <td className="actions">
          <button type="button" className="small" disabled={props.busy} data-testid="sim-apply" onClick={apply}>Apply</button>
          <button type="button" className="small danger" disabled={props.busy} data-testid="sim-remove" aria-label={`Remove ${device.name}`} onClick={props.onRemove}>Remove</button>
        </td>
      </tr>
      {error && (
        <tr className="sim-row-error"><td colSpan={5} role="alert" data-testid="sim-device-error">{device.name}: {error}</td></tr>
      )}
    </>
  );
}
