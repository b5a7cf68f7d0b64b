import { memo } from 'react';
import type { Peer, Snapshot } from '../../shared/snapshot.js';
import { EmptyState, Panel } from '../components/Panel.js';
import { RouteCell } from '../components/RouteCell.js';
import { useNow } from '../store/use-now.js';

function whyEmpty(snapshot: Snapshot): string {
  if (snapshot.mode !== 'bluetooth-local') return 'Bluetooth scanning runs only in Bluetooth Local mode (and automatically when the coordinator is lost while On).';
  if (snapshot.bluetooth.state === 'unavailable' || snapshot.bluetooth.state === 'powered-off') return `Bluetooth is ${snapshot.bluetooth.state}: ${snapshot.bluetooth.detail}`;
  return 'Scanning: no EdgeCoder device has answered yet.';
}

function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  return s < 60 ? `${s}s ago` : `${Math.round(s / 60)}m ago`;
}

/** Devices that would serve come first by rank, then the skipped ones by cost (main sends them so; kept here too). */
function byRoute(a: Peer, b: Peer): number {
  const ra = a.route.rank ?? Number.POSITIVE_INFINITY;
  const rb = b.route.rank ?? Number.POSITIVE_INFINITY;
  if (ra !== rb) return ra - rb;
  const ca = a.route.terms?.total ?? Number.POSITIVE_INFINITY;
  const cb = b.route.terms?.total ?? Number.POSITIVE_INFINITY;
  return ca === cb ? 0 : ca - cb;
}

/** One device; memoised, so a change to one peer re-renders one row (and the shared clock all of them once a second). */
const PeerRow = memo(function PeerRow({ peer: p, now }: { peer: Peer; now: number }): React.JSX.Element {
  return (
    <tr data-testid="peer-row" className={p.sameMesh ? '' : 'foreign'} title={p.sameMesh ? '' : 'Another mesh: never used for routing'}>
      <td><strong>{p.name}</strong><span className="sub">{p.deviceType}</span></td>
      <td>{p.profile === 'mesh' ? 'Mesh' : 'Bluetooth Local'}</td>
      <td>{p.model}{p.paramSize > 0 && <span className="sub">{p.paramSize}B</span>}</td>
      <td>{p.batteryPct === null ? '—' : `${p.batteryPct}%`}</td>
      <td>{Number(p.currentLoad.toFixed(2))}</td>
      <td>{p.rssi === null ? '—' : `${p.rssi} dBm`}</td>
      <td>{ago(p.lastSeenAt, now)}</td>
      <RouteCell route={p.route} />
    </tr>
  );
});

export function NearbyDevicesPanel({ snapshot }: { snapshot: Snapshot }): React.JSX.Element {
  const { peers } = snapshot;
  const now = useNow();
  const self = snapshot.routing.self;
  return (
    <Panel title="Nearby devices" testId="panel-nearby" aside={<span className="count">{peers.length}</span>}>
      <table className="peers">
        <thead>
          <tr><th>Device</th><th>Profile</th><th>Model</th><th>Battery</th><th>Load</th><th>RSSI</th><th>Seen</th><th>Cost</th></tr>
        </thead>
        <tbody>
          <tr data-testid="self-row" className="self">
            <td><strong>{self.name}</strong><span className="sub">its own model</span></td>
            <td>Local</td>
            <td>{self.model ?? 'no model ready'}{self.model !== null && self.paramSize > 0 && <span className="sub">{self.paramSize}B</span>}</td>
            <td>—</td>
            <td>{Number(self.currentLoad.toFixed(2))}</td>
            <td>—</td>
            <td>now</td>
            <RouteCell route={self.route} />
          </tr>
          {[...peers].sort(byRoute).map((p) => <PeerRow key={p.id} peer={p} now={now} />)}
        </tbody>
      </table>
      {peers.length === 0 && (
        <EmptyState what="Phones and laptops running EdgeCoder nearby will be listed here, with their model, battery, load, signal and what routing to each would cost." why={whyEmpty(snapshot)} />
      )}
    </Panel>
  );
}
