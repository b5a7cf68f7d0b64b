/** BLE protocol: UUIDs, message schemas, mesh chunk framing, Bluetooth Local JSON slicing. Pure, no noble/bleno. */
export * from './uuids.js';
export * from './frame-error.js';
export * from './chunk-codec.js';
export * from './reassembler.js';
export * from './json-message.js';
export * from './mesh-schemas.js';
export * from './local-schemas.js';
export * from './local-framing.js';
