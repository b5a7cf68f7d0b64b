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
export { replayHostPackets, compareCommandAnswers, answeredOpcode } from './hci-replay.js';
export type { ReplayResult, ReplayStep, AnswerComparison, AnswerMismatch } from './hci-replay.js';
export { describeHciPacket } from './hci-describe.js';
export { OP } from './hci-codes.js';
