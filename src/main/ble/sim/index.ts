/** Simulated BLE: virtual controllers and air under the real noble/bleno, broker, capture, virtual devices. */
export { SimAir, mulberry32 } from './sim-air.js';
export type { HostSink, AirLinks, LinkEnd } from './sim-types.js';
export type { SimAirOptions, LinkQuality, SimPort, AttachableAir } from './sim-air.js';
export { VirtualController, LE_ACL_MTU, LE_ACL_PACKETS } from './virtual-controller.js';
export { installSimulatedHci, createSimNoble, createSimBleno, whenPoweredOn } from './install-sim.js';
export type { Noble, Bleno } from './install-sim.js';
export { startAirBroker, connectAirBroker, RemoteAir } from './air-broker.js';
export type { AirBroker, BrokerAddress } from './air-broker.js';
export { startHciCapture, decodeSegments, encodeSegment } from './hci-capture.js';
export type { HciCapture, HciCaptureOptions, Segment } from './hci-capture.js';
export { describeHciPacket } from './hci-describe.js';
export { OP } from './hci-codes.js';
export { startMeshDevice, echoTaskHandler, SIM_MESH_TOKEN_HASH } from './devices/mesh-device.js';
export type { MeshDeviceOptions, SimMeshDevice } from './devices/mesh-device.js';
export { startIphoneLocal } from './devices/iphone-local-device.js';
export type { IphoneLocalOptions, SimIphone, LocalInferenceHandler } from './devices/iphone-local-device.js';
export { startSimNeighbourhood } from './devices/sim-neighbourhood.js';
export type { SimNeighbourhood, SimNeighbourhoodOptions } from './devices/sim-neighbourhood.js';
