/**
 * Child process for the broker test: a real bleno peripheral in its own process, attached to the
 * parent's air through the broker. argv: <broker address> <controller address>.
 */
import { connectAirBroker } from '../../src/sim/radio/air-broker.js';
import { createSimBleno, installSimulatedHci, whenPoweredOn } from '../../src/sim/radio/install-sim.js';

const [broker, address] = process.argv.slice(2);
if (!broker || !address) throw new Error('usage: broker-child <broker> <address>');
installSimulatedHci(connectAirBroker(broker, { addresses: [address] }));
const bleno = createSimBleno();
await whenPoweredOn(bleno);
bleno.setServices([
  new bleno.PrimaryService({
    uuid: 'c41d0000000000000000000000000001',
    characteristics: [new bleno.Characteristic({ uuid: 'c41d0000000000000000000000000002', properties: ['read'], value: Buffer.from(`pid ${process.pid}`) })],
  }),
]);
bleno.once('advertisingStart', () => process.stdout.write('READY\n'));
bleno.startAdvertising('child', ['c41d0000000000000000000000000001']);
