'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: loaded by require() inside noble/bleno */
/**
 * `node --require <this file>`: makes require('@abandonware/bluetooth-hci-socket') resolve to the
 * simulated socket for the whole process. The air itself is registered separately: in-process with
 * installSimulatedHci(air) (install-sim.ts), or across processes with connectAirBroker (air-broker.ts).
 */
const Module = require('module');
const path = require('path');

const FAKE = path.join(__dirname, 'fake-hci-socket.cjs');
const HOOK_KEY = Symbol.for('edgecoder.ble-sim.resolve-hook');

if (!globalThis[HOOK_KEY]) {
  const original = Module._resolveFilename;
  globalThis[HOOK_KEY] = { original };
  Module._resolveFilename = function resolveSimulatedHci(request, ...rest) {
    if (request === '@abandonware/bluetooth-hci-socket') return FAKE;
    return original.call(this, request, ...rest);
  };
}

module.exports = { FAKE, HOOK_KEY };
