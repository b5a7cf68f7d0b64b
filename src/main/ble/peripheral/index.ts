/** The mesh GATT server (bleno) the desktop runs so nearby centrals can send it work. */
export { MeshPeripheralService } from './mesh-peripheral-service.js';
export type { MeshPeripheralOptions, PeripheralState, PeripheralStatus } from './mesh-peripheral-service.js';
export type { MeshTaskHandler, LedgerBatchHandler, PeerContext } from './mesh-exchange.js';
export type { PeripheralCounters } from './peripheral-counters.js';
export { tryLoadBleno, defaultBlenoSource } from './bleno-loader.js';
export type { Bleno, BlenoSource, BlenoLoad } from './bleno-loader.js';
