/** BLE central (noble) service and its parts. */
export { BleCentralService } from './central-service.js';
export type { BleCentralOptions, CentralState, CentralStatus, DroppedInput, PeerChangeListener, SendOptions } from './central-types.js';
export { CentralUnavailableError, LinkLostError, PeerNotRoutableError, PeerProtocolError, PeerUnknownError } from './central-errors.js';
export { PeerTable, DEFAULT_EVICT_AFTER_MS, SELF_REASON } from './peer-table.js';
export type { PeerChange, PeerLinkState, PeerRecord, PeerTableOptions } from './peer-table.js';
export { ReconnectScheduler } from './reconnect-scheduler.js';
export type { NobleFactory, NobleLike, NoblePeripheral, NobleCharacteristic } from './noble-port.js';
export { loadSystemNoble } from './noble-port.js';
export { defaultGattDeadlines } from './gatt-ops.js';
export type { GattDeadlines } from './gatt-ops.js';
