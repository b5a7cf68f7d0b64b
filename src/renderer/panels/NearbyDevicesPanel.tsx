import { useCallback, useState } from 'react';
import type { RunnerApi } from '../../shared/contract.js';
import type { Peer, Snapshot } from '../../shared/snapshot.js';
import { CostLegend } from '../components/CostBar.js';
import { EmptyState, Panel } from '../components/Panel.js';
import { VirtualTable } from '../components/VirtualTable.js';
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

/** Columns for the fixed table layout, sized in styles.css (narrower windows share the width differently); the cost takes what is left. */
const colgroup = (
  <colgroup>
    {['device', 'profile', 'model', 'battery', 'load', 'signal', 'seen', 'state', 'cost', 'details'].map((c) => <col key={c} className={`c-${c}`} />)}
  </colgroup>
);

const head = (
  <tr>
    <th scope="col">Device</th><th scope="col">Profile</th><th scope="col">Model</th><th scope="col">Battery</th><th scope="col">Load</th>
    <th scope="col">Signal</th><th scope="col">Seen</th><th scope="col">State</th><th scope="col">Cost</th><th scope="col"><span className="visually-hidden">Details</span></th>
  </tr>
);

/** Every device a request could go to, this computer first, then the nearby ones in the order the router would pick them. */
export function NearbyDevicesPanel({ api, snapshot }: { api: RunnerApi; snapshot: Snapshot }): React.JSX.Element {
  const { peers } = snapshot;
  const { self, recent } = snapshot.routing;
  // A new credits slice (the store replaces it whole) makes open details reload their credits.
  const creditsVersion = snapshot.credits;
  // Open details by device id, here rather than in the rows: a row scrolled out of the list and back keeps them.
  const [openIds, setOpenIds] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((id: string) => setOpenIds((was) => {
    const next = new Set(was);
    if (!next.delete(id)) next.add(id);
    return next;
  }), []);
  return (
    <Panel title="Nearby devices" testId="panel-nearby" aside={<span className="count" data-testid="nearby-count" aria-label={`${peers.length} nearby devices`}>{peers.length}</span>}>
      <VirtualTable
        label="Nearby devices, cheapest first" className="peers" testId="nearby-list" columns={COLUMNS} estimatePx={47}
        caption={<caption className="visually-hidden">Routing candidates, cheapest first; cost = model + load + battery + signal</caption>}
        colgroup={colgroup} head={head}
        before={<DeviceRow api={api} row={selfRowData(self)} recent={recent} creditsVersion={creditsVersion} testId="self-row" open={openIds.has('this-computer')} onToggle={toggle} />}
        items={[...peers].sort(byRoute)} itemKey={(p) => p.id} keyBy="position"
        renderItem={(p) => <PeerDeviceRow api={api} peer={p} recent={recent} creditsVersion={creditsVersion} testId="peer-row" open={openIds.has(p.id)} onToggle={toggle} />}
        after={peers.length === 0 && (
          <tr><td colSpan={COLUMNS}>
            <EmptyState what="Phones and laptops running EdgeCoder nearby will be listed here, with their model, battery, load, signal and what routing to each would cost." why={whyEmpty(snapshot)} />
          </td></tr>
        )}
      />
      <CostLegend />
    </Panel>
  );
}
