/** The virtual devices on the simulated air: EdgeCoder mesh agents, Bluetooth Local iPhones, and a crowd of them. */
export { startMeshDevice, echoTaskHandler, SIM_MESH_TOKEN_HASH } from './mesh-device.js';
export type { MeshDeviceOptions, SimMeshDevice } from './mesh-device.js';
export { startIphoneLocal } from './iphone-local-device.js';
export type { IphoneLocalOptions, SimIphone, LocalInferenceHandler } from './iphone-local-device.js';
export { startSimNeighbourhood } from './sim-neighbourhood.js';
export type { SimNeighbourhood, SimNeighbourhoodOptions } from './sim-neighbourhood.js';
