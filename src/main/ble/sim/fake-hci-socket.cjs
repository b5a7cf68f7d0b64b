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

function currentAir() {
  const air = globalThis[AIR_KEY];
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
