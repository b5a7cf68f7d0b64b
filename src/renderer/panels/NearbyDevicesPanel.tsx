import type { Snapshot } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';

function whyEmpty(snapshot: Snapshot): string {
  if (snapshot.mode !== 'bluetooth-local') return 'Bluetooth scanning runs only in Bluetooth Local mode (and automatically when the coordinator is lost while On).';
  if (snapshot.bluetooth.state === 'unavailable' || snapshot.bluetooth.state === 'powered-off') return `Bluetooth is ${snapshot.bluetooth.state}: ${snapshot.bluetooth.detail}`;
  return 'Scanning: no EdgeCoder device has answered yet.';
}

function ago(at: number): string {
  const s = Math.max(0, Math.round((Date.now() - at) / 1000));
  return s < 60 ? `${s}s ago` : `${Math.round(s / 60)}m ago`;
}

export function NearbyDevicesPanel({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const { peers } = snapshot;
  return (
    <Panel title="Nearby devices" testId="panel-nearby" aside={<span className="count">{peers.length}</span>}>
      {peers.length === 0 ? (
        <EmptyState what="Phones and laptops running EdgeCoder nearby will be listed here, with their model, battery, load and signal." why={whyEmpty(snapshot)} />
      ) : (
        <table className="peers">
          <thead>
            <tr><th>Device</th><th>Profile</th><th>Model</th><th>Battery</th><th>Load</th><th>RSSI</th><th>Seen</th></tr>
          </thead>
          <tbody>
            {peers.map((p) => (
              <tr key={p.id} data-testid="peer-row" className={p.sameMesh ? '' : 'foreign'} title={p.sameMesh ? '' : 'Another mesh: never used for routing'}>
                <td><strong>{p.name}</strong><span className="sub">{p.deviceType}</span></td>
                <td>{p.profile === 'mesh' ? 'Mesh' : 'Bluetooth Local'}</td>
                <td>{p.model}{p.paramSize > 0 && <span className="sub">{p.paramSize}B</span>}</td>
                <td>{p.batteryPct === null ? '—' : `${p.batteryPct}%`}</td>
                <td>{Number(p.currentLoad.toFixed(2))}</td>
                <td>{p.rssi === null ? '—' : `${p.rssi} dBm`}</td>
                <td>{ago(p.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
