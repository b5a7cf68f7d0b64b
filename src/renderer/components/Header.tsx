import type { ComputeMode } from '../../shared/modes.js';
import type { Snapshot } from '../../shared/snapshot.js';
import type { ConnectionState } from '../bridge/ws-bridge-client.js';
import { HeartbeatTimeline } from '../worker/HeartbeatTimeline.js';
import { ModeSwitcher } from './ModeSwitcher.js';
import { StatusPill } from './StatusPill.js';

const networkTone = { online: 'good', offline: 'bad', unknown: 'neutral' } as const;

export function Header(props: {
  snapshot: Snapshot;
  connection: ConnectionState;
  switching: boolean;
  onModeChange: (mode: ComputeMode) => void;
}): React.JSX.Element {
  const { snapshot } = props;
  const bt = snapshot.bluetooth;
  const btTone = bt.state === 'unavailable' || bt.state === 'powered-off' ? 'bad' : bt.state === 'not-started' ? 'neutral' : 'good';
  return (
    <header className="header">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <h1>EdgeCoder Runner</h1>
      </div>
      <ModeSwitcher mode={snapshot.mode} disabled={props.switching} onChange={props.onModeChange} />
      <div className="pills">
        <StatusPill testId="network-status" label="Network" value={snapshot.network.state} tone={networkTone[snapshot.network.state]} title={snapshot.network.detail} />
        <HeartbeatTimeline beats={snapshot.network.heartbeats} />
        <StatusPill testId="bluetooth-status" label="Bluetooth" value={bt.state} tone={btTone} title={bt.detail} />
      </div>
      {/* Always present so screen readers announce the change; empty while connected. */}
      <span role="status" className={props.connection === 'open' ? 'connection' : 'connection pill bad'} data-testid="connection-status">
        {props.connection === 'reconnecting' ? 'Reconnecting…' : props.connection === 'closed' ? 'Disconnected from the runner' : ''}
      </span>
    </header>
  );
}
