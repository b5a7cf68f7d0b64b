/**
 * Test helper: a real bleno peripheral and a real noble central on one simulated air.
 */
import { SimAir } from '../../src/sim/radio/sim-air.js';
import type { SimAirOptions } from '../../src/sim/radio/sim-air.js';
import { createSimBleno, createSimNoble, installSimulatedHci, whenPoweredOn } from '../../src/sim/radio/install-sim.js';
import type { Bleno, Noble } from '../../src/sim/radio/install-sim.js';
import type { Peripheral } from '@abandonware/noble';

export interface SimPair {
  air: SimAir;
  noble: Noble;
  bleno: Bleno;
  centralAddress: string;
  peripheralAddress: string;
}

export async function startSimPair(opts: SimAirOptions = {}): Promise<SimPair> {
  const air = new SimAir(opts);
  installSimulatedHci(air);
  const central = air.createController();
  const peripheral = air.createController();
  const noble = createSimNoble(central);
  const bleno = createSimBleno(peripheral);
  await Promise.all([whenPoweredOn(noble), whenPoweredOn(bleno)]);
  return { air, noble, bleno, centralAddress: central.address, peripheralAddress: peripheral.address };
}

/** Scans until a peripheral advertising `serviceUuid` is found. */
export function discover(noble: Noble, serviceUuid: string): Promise<Peripheral> {
  return new Promise((resolve, reject) => {
    const onDiscover = (p: Peripheral): void => {
      noble.removeListener('discover', onDiscover);
      noble.stopScanning();
      resolve(p);
    };
    noble.on('discover', onDiscover);
    noble.startScanning([serviceUuid], false, (err?: Error) => {
      if (err) reject(err);
    });
  });
}

export function advertise(bleno: Bleno, name: string, uuids: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    bleno.once('advertisingStart', (err?: Error | null) => (err ? reject(err) : resolve()));
    bleno.once('advertisingStartError', reject);
    bleno.startAdvertising(name, uuids);
  });
}

export function setServices(bleno: Bleno, services: Parameters<Bleno['setServices']>[0]): Promise<void> {
  return new Promise((resolve, reject) => {
    bleno.once('servicesSetError', reject);
    bleno.setServices(services, (err?: Error | null) => (err ? reject(err) : resolve()));
  });
}
