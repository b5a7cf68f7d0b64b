'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: loaded by require() inside noble/bleno */
/**
 * Drop-in JavaScript replacement for @abandonware/bluetooth-hci-socket (same class, methods and
 * 'data'/'error' events that noble's and bleno's hci-socket bindings use). It carries no radio logic:
 * it attaches to whatever simulated air is registered on globalThis under
 * Symbol.for('edgecoder.ble-sim.air') (an in-process SimAir or an air-broker client).
 * bindRaw(devId): devId selects that controller; undefined takes the first controller no host has
 * attached yet (creating one if none is free).
 */
const { EventEmitter } = require('events');

const AIR_KEY = Symbol.for('edgecoder.ble-sim.air');

/**
 * With no air registered and EDGECODER_BLE_SIM_BROKER=<tcp:host:port | unix:/path> set, joins that broker
 * (needs tsx loaded: `node --import tsx --require …/register.cjs app`); EDGECODER_BLE_SIM_ADDRESS gives
 * comma-separated addresses for this process's controllers.
 */
function joinBrokerFromEnv() {
  const broker = process.env.EDGECODER_BLE_SIM_BROKER;
  if (!broker) return undefined;
  let connectAirBroker;
  try {
    ({ connectAirBroker } = require('./air-broker.ts'));
  } catch (err) {
    const e = new Error(`EDGECODER_BLE_SIM_BROKER is set but the broker client could not load (run with --import tsx): ${err.message}`);
    e.code = 'EAFNOSUPPORT';
    throw e;
  }
  const addresses = (process.env.EDGECODER_BLE_SIM_ADDRESS || '').split(',').map((a) => a.trim()).filter(Boolean);
  globalThis[AIR_KEY] = connectAirBroker(broker, { addresses });
  return globalThis[AIR_KEY];
}

function currentAir() {
  const air = globalThis[AIR_KEY] || joinBrokerFromEnv();
  if (!air) {
    const err = new Error('Address family not supported by protocol (no simulated air installed)');
    err.code = 'EAFNOSUPPORT';
    throw err;
  }
  return air;
}

class BluetoothHciSocket extends EventEmitter {
  constructor() {
    super();
    this._port = null;
    this._running = false;
  }

  _bind(devId) {
    if (this._port) return this._port.devId;
    const sink = {
      data: (packet) => { if (this._running) this.emit('data', packet); },
      error: (err) => { if (this._running) this.emit('error', err); },
    };
    this._port = currentAir().attach(devId == null || Number.isNaN(devId) ? undefined : Number(devId), sink);
    return this._port.devId;
  }

  bindRaw(devId) { return this._bind(devId); }
  bindUser(devId) { return this._bind(devId); }
  bindControl() { return 0; }

  getDeviceList() {
    return currentAir().deviceList().map((d) => ({ devId: d.devId, devUp: d.devUp, idVendor: null, idProduct: null, busNumber: null, deviceAddress: null }));
  }

  isDevUp() { return this._port ? this._port.isUp() : false; }

  setFilter(filter) { if (this._port) this._port.setFilter(Buffer.from(filter)); }

  start() { this._running = true; }
  stop() { this._running = false; }
  reset() {}
  cleanup() {}

  /** Detaches from the controller (not part of the native API; used by tests to release a controller). */
  close() {
    this._running = false;
    if (this._port) this._port.detach();
    this._port = null;
  }

  write(data) {
    if (!this._port) {
      const err = new Error('File descriptor in bad state');
      err.code = 'EBADFD';
      throw err;
    }
    this._port.write(Buffer.from(data));
  }
}

module.exports = BluetoothHciSocket;
module.exports.AIR_KEY = AIR_KEY;
