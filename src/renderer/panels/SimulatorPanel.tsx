import { memo, useCallback, useEffect, useState } from 'react';
import { ContractCallError } from '../../shared/contract.js';
import type { SimApi } from '../../shared/sim-contract.js';
import type { SimDeviceKind, SimSetDeviceArgs, SimState } from '../../shared/sim-status.js';
import { Panel } from '../components/Panel.js';
import { VirtualTable } from '../components/VirtualTable.js';
import type { RowEdit } from '../sim/device-change.js';
import { SimDeviceRow } from '../sim/SimDeviceRow.js';

const addable: Array<{ kind: SimDeviceKind; label: string }> = [
  { kind: 'phone', label: 'Add phone' },
  { kind: 'laptop', label: 'Add laptop' },
  { kind: 'iphone', label: 'Add iPhone' },
];

/**
 * The simulator's controls (the demo and `--sim` only; absent wherever the host has no simulator and
 * simGetState answers `unknown_operation` or `unavailable`): cut and restore the network, and change,
 * add or remove the virtual devices.
 */
const head = <tr><th>Device</th><th>Battery %</th><th>Load</th><th>RSSI dBm</th><th><span className="sub">Actions</span></th></tr>;

/**
 * Memoised on `api`: the panel reads its own state (simGetState), so the live data's flushes, which
 * re-render the page, pass it by.
 */
export const SimulatorPanel = memo(function SimulatorPanel({ api }: { api: SimApi }): React.JSX.Element | null {
  const [state, setState] = useState<SimState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Hidden where there is no simulator; any other failure is shown, not swallowed.
  const [loadError, setLoadError] = useState<string | null>(null);
  // What is typed in each row, here rather than in the rows: the list keeps only the rows near view.
  const [edits, setEdits] = useState<ReadonlyMap<string, RowEdit>>(() => new Map());
  const onEdit = useCallback((id: string, edit: RowEdit) => setEdits((was) => new Map(was).set(id, edit)), []);
  useEffect(() => {
    let live = true;
    api.simGetState({}).then((s) => live && setState(s), (err: unknown) => {
      if (live && !noSimulatorHere(err)) setLoadError((err as Error).message);
    });
    return () => {
      live = false;
    };
  }, [api]);
  if (!state) {
    return loadError === null ? null : (
      <Panel title="Simulator" testId="panel-simulator">
        <p className="error inline" role="alert" data-testid="sim-error">The simulator's state could not be read: {loadError}</p>
      </Panel>
    );
  }

  const run = async (work: () => Promise<unknown>): Promise<string | null> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setState(await api.simGetState({}));
      return null;
    } catch (err) {
      return (err as Error).message;
    } finally {
      setBusy(false);
    }
  };
  const runShowing = (work: () => Promise<unknown>): void => void run(work).then((e) => e && setError(e));
  const net = state.network;

  return (
    <Panel title="Simulator" testId="panel-simulator" aside={<span className="count">{state.devices.length} devices</span>}>
      <div className="sim-bar">
        {net ? (
          <>
            <span data-testid="sim-network-state">Network link: <strong>{net.up ? 'up' : 'cut'}</strong></span>
            <button type="button" className="small" disabled={busy} data-testid="sim-network-toggle" onClick={() => runShowing(() => api.simSetNetwork({ up: !net.up }))}>
              {net.up ? 'Cut the network' : 'Restore the network'}
            </button>
          </>
        ) : (
          <span className="sub">This host has no simulated network to cut.</span>
        )}
      </div>
      {error && <p className="error inline" role="alert" data-testid="sim-error">{error}</p>}
      <VirtualTable label="Virtual devices" className="sim" testId="sim-list" columns={5} estimatePx={45} head={head}
        items={state.devices} itemKey={(d) => d.id}
        renderItem={(d) => (
          <SimDeviceRow device={d} edit={edits.get(d.id)} onEdit={onEdit} busy={busy}
            onApply={(args: SimSetDeviceArgs) => run(() => api.simSetDevice(args))}
            onRemove={() => runShowing(() => api.simRemoveDevice({ id: d.id }))} />
        )} />
      {state.devices.length === 0 && <p className="sub">No virtual device is on the air: add one below.</p>}
      <div className="sim-bar">
        {addable.map((a) => (
          <button key={a.kind} type="button" className="small" disabled={busy} data-testid={`sim-add-${a.kind}`} onClick={() => runShowing(() => api.simAddDevice({ kind: a.kind }))}>
            {a.label}
          </button>
        ))}
      </div>
    </Panel>
  );
});

/** The host has no simulator: the shipped app (the operation does not exist there) or a host that cannot run it. */
function noSimulatorHere(err: unknown): boolean {
  return err instanceof ContractCallError && (err.code === 'unknown_operation' || err.code === 'unavailable');
}
