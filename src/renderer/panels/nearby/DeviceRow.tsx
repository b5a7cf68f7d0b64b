import { Fragment, memo } from 'react';
import type { RunnerApi } from '../../../shared/contract.js';
import type { RoutedRequest, RouteStanding } from '../../../shared/routing.js';
import type { Peer, SelfCandidate } from '../../../shared/snapshot.js';
import { CostBar } from '../../components/CostBar.js';
import { SignalBars } from '../../components/SignalBars.js';
import { useNow } from '../../store/use-now.js';
import { DeviceDetails } from './DeviceDetails.js';
import { deviceState, fmt, fmtSize, seenAgo, type TermInputs } from '../../components/device-words.js';

/** One row of the table: a nearby device or this computer, in the same columns. */
export interface DeviceRowData {
  id: string;
  name: string;
  kindLabel: string;
  profile: string;
  model: string;
  paramSize: number;
  batteryPct: number | null;
  currentLoad: number;
  rssi: number | null;
  /** Null for this computer (always here). */
  lastSeenAt: number | null;
  route: RouteStanding;
  agentId: string | null;
  inputs: TermInputs;
}

export const COLUMNS = 10;

export function selfRowData(self: SelfCandidate): DeviceRowData {
  return {
    id: 'this-computer', name: self.name, kindLabel: 'its own model', profile: 'Local', model: self.model ?? 'no model ready',
    paramSize: self.paramSize, batteryPct: null, currentLoad: self.currentLoad, rssi: null, lastSeenAt: null, route: self.route, agentId: null,
    inputs: { self: true, deviceType: 'workstation', paramSize: self.paramSize, sizeUnknown: self.route.sizeUnknown, currentLoad: self.currentLoad, batteryPct: null, rssi: null },
  };
}

export function peerRowData(p: Peer): DeviceRowData {
  return {
    id: p.id, name: p.name, kindLabel: p.deviceType, profile: p.profile === 'mesh' ? 'Mesh' : 'Bluetooth Local', model: p.model,
    paramSize: p.paramSize, batteryPct: p.batteryPct, currentLoad: p.currentLoad, rssi: p.rssi, lastSeenAt: p.lastSeenAt, route: p.route, agentId: p.agentId,
    inputs: { self: false, deviceType: p.deviceType, paramSize: p.paramSize, sizeUnknown: p.route.sizeUnknown, currentLoad: p.currentLoad, batteryPct: p.batteryPct, rssi: p.rssi },
  };
}

export interface DeviceRowProps {
  api: RunnerApi;
  row: DeviceRowData;
  recent: RoutedRequest[];
  /** Changes (by identity) whenever the Credits slice is replaced, so open details reload their credits. */
  creditsVersion: unknown;
  testId: string;
  /** Whether its details are open: kept by the panel, so a row scrolled away and back stays open. */
  open: boolean;
  onToggle: (id: string) => void;
}

/**
 * A nearby device's row, re-rendered only when its own record (the store replaces only the peers that
 * changed), the routed requests or the credits change, and by the shared once-a-second clock.
 */
export const PeerDeviceRow = memo(function PeerDeviceRow(props: Omit<DeviceRowProps, 'row'> & { peer: Peer }): React.JSX.Element {
  const { peer, ...rest } = props;
  return <DeviceRow {...rest} row={peerRowData(peer)} />;
});

export function DeviceRow(props: DeviceRowProps): React.JSX.Element {
  const { row } = props;
  // "Seen 12 s ago" and stale/idle move with time: each row follows the one shared clock itself.
  const now = useNow();
  const { open } = props;
  const state = row.lastSeenAt === null
    ? (row.route.skip ? { kind: 'skipped', label: `skipped: ${row.route.skip.message}` } : { kind: 'connected', label: 'ready' })
    : deviceState(row.route, row.lastSeenAt, now);
  const detailsId = `device-details-${row.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <Fragment>
      <tr data-testid={props.testId} data-device-id={row.id} className={`${row.lastSeenAt === null ? 'self' : ''} state-${state.kind}`}>
        <th scope="row"><div className="cell clamp" title={row.name}><strong>{row.name}</strong> <span className="sub-inline">{row.kindLabel}</span></div></th>
        <td><div className="cell clamp">{row.profile}</div></td>
        <td><div className="cell" title={row.model}><span className="line">{row.model}</span>{row.paramSize > 0 && <span className="sub">{fmtSize(row.paramSize).replace(' ', '')}</span>}</div></td>
        <td><div className="cell">{row.batteryPct === null ? '—' : `${row.batteryPct}%`}</div></td>
        <td><div className="cell">{fmt(row.currentLoad)}</div></td>
        <td><div className="cell"><SignalBars rssi={row.rssi} /></div></td>
        <td data-testid="device-seen"><div className="cell clamp">{row.lastSeenAt === null ? 'now' : seenAgo(row.lastSeenAt, now)}</div></td>
        <td data-testid="device-state"><div className="cell clamp" title={state.label}><span className={`device-state ${state.kind}`}>{state.label}</span></div></td>
        <td data-testid="route-cell"><div className="cell"><CostBar route={row.route} /></div></td>
        <td>
          <button type="button" className="small" aria-expanded={open} aria-controls={detailsId} data-testid="device-details-toggle"
            aria-label={`${open ? 'Hide' : 'Show'} details of ${row.name}`} onClick={() => props.onToggle(row.id)}>
            {open ? 'Hide' : 'Details'}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="details-row" id={detailsId}>
          <td colSpan={COLUMNS}>
            <DeviceDetails api={props.api} id={row.id} route={row.route} inputs={row.inputs} agentId={row.agentId} recent={props.recent} creditsVersion={props.creditsVersion} />
          </td>
        </tr>
      )}
    </Fragment>
  );
}
