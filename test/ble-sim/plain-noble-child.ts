/**
 * Child process for the broker test: application-style code that requires the plain noble singleton,
 * knowing nothing about the simulation. Run with `--import tsx --require register.cjs` and
 * EDGECODER_BLE_SIM_BROKER set. argv: <service uuid> <characteristic uuid>. Prints the value read.
 */
import { createRequire } from 'node:module';
import type NobleModule from '@abandonware/noble';

const require = createRequire(import.meta.url);
const noble = require('@abandonware/noble') as typeof NobleModule;
const [service, characteristic] = process.argv.slice(2) as [string, string];

noble.on('stateChange', (state: string) => {
  if (state === 'poweredOn') void noble.startScanningAsync([service], false);
});
noble.on('discover', (p) => {
  void (async () => {
    await noble.stopScanningAsync();
    await p.connectAsync();
    const { characteristics } = await p.discoverSomeServicesAndCharacteristicsAsync([service], [characteristic]);
    const value = await characteristics[0]!.readAsync();
    process.stdout.write(`VALUE ${value.toString()} MTU ${p.mtu}\n`);
    process.exit(0);
  })();
});
