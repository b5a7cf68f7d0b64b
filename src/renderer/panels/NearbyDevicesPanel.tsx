import type { RunnerApi } from '../../shared/contract.js';
import type { Peer, Snapshot } from '../../shared/snapshot.js';
import { CostLegend } from '../components/CostBar.js';
import { EmptyState, Panel } from '../components/Panel.js';
import { COLUMNS, DeviceRow, PeerDeviceRow, selfRowData } from './nearby/DeviceRow.js';

function whyEmpty(snapshot: Snapshot): string {
  if (snapshot.mode === 'off') return 'Bluetooth is off while the mode is Off: switch to On or Bluetooth Local to find nearby devices.';
  if (snapshot.bluetooth.state === 'not-started' || snapshot.bluetooth.state === 'advertising') return `Not scanning for nearby devices: ${snapshot.bluetooth.detail}`;
  if (snapshot.bluetooth.state === 'unavailable' || snapshot.bluetooth.state === 'powered-off') return `Bluetooth is ${snapshot.bluetooth.state}: ${snapshot.bluetooth.detail}`;
  return 'Scanning: no EdgeCoder device has answered yet.';
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

/** Every device a request could go to, this computer first, then the nearby ones in the order the router would pick them. */
export function NearbyDevicesPanel({ api, snapshot }: { api: RunnerApi; snapshot: Snapshot }): React.JSX.Element {
  const { peers } = snapshot;
  const { self, recent } = snapshot.routing;
  // A new credits slice (the store replaces it whole) makes open details reload their credits.
  const creditsVersion = snapshot.credits;
  return (
    <Panel title="Nearby devices" testId="panel-nearby" aside={<span className="count" aria-label={`${peers.length} nearby devices`}>{peers.length}</span>}>
      <table className="peers">
        <caption className="visually-hidden">Routing candidates, cheapest first; cost = model + load + battery + signal</caption>
        <thead>
          <tr>
            <th scope="col">Device</th><th scope="col">Profile</th><th scope="col">Model</th><th scope="col">Battery</th><th scope="col">Load</th>
            <th scope="col">Signal</th><th scope="col">Seen</th><th scope="col">State</th><th scope="col">Cost</th><th scope="col"><span className="visually-hidden">Details</span></th>
          </tr>
        </thead>
        <tbody>
          <DeviceRow api={api} row={selfRowData(self)} recent={recent} creditsVersion={creditsVersion} testId="self-row" />
          {[...peers].sort(byRoute).map((p) => <PeerDeviceRow key={p.id} api={api} peer={p} recent={recent} creditsVersion={creditsVersion} testId="peer-row" />)}
          {peers.length === 0 && (
            <tr><td colSpan={COLUMNS}>
              <EmptyState what="Phones and laptops running EdgeCoder nearby will be listed here, with their model, battery, load, signal and what routing to each would cost." why={whyEmpty(snapshot)} />
            </td></tr>
          )}
        </tbody>
      </table>
      <CostLegend />
    </Panel>
  );
}
