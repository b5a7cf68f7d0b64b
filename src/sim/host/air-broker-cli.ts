/**
 * A standalone simulated air for multi-process demos: owns the air, serves it on a broker and optionally
 * populates it with virtual devices. Other processes join with EDGECODER_BLE_SIM_BROKER=<address>.
 *   node --import tsx src/sim/host/air-broker-cli.ts [--port N | --path /tmp/air.sock]
 *        [--phones N] [--laptops N] [--iphones N] [--capture DIR] [--seed N]
 * Prints `AIR <address>` once ready; SIGINT/SIGTERM stop it.
 */
import { parseArgs } from 'node:util';
import { startAirBroker } from '../radio/air-broker.js';
import { startHciCapture } from '../radio/hci-capture.js';
import { installSimulatedHci } from '../radio/install-sim.js';
import { SimAir } from '../radio/sim-air.js';
import { startSimNeighbourhood } from '../devices/sim-neighbourhood.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' }, path: { type: 'string' }, phones: { type: 'string' }, laptops: { type: 'string' },
    iphones: { type: 'string' }, capture: { type: 'string' }, seed: { type: 'string' },
  },
});
const count = (v: string | undefined): number => Math.max(0, Math.min(32, Number.parseInt(v ?? '0', 10) || 0));

const air = new SimAir({ seed: Number.parseInt(values.seed ?? '1', 10) || 1 });
installSimulatedHci(air);
const capture = values.capture ? startHciCapture(air, { dir: values.capture }) : null;
const broker = await startAirBroker(air, values.path ? { path: values.path } : { port: Number.parseInt(values.port ?? '0', 10) || 0 });
const hood = await startSimNeighbourhood({ air, phones: count(values.phones), laptops: count(values.laptops), iphones: count(values.iphones) });
for (const d of hood.devices) process.stdout.write(`DEVICE ${d.kind} ${d.address}${d.kind === 'mesh' ? ` ${d.agentId} ${d.label}` : ''}\n`);
process.stdout.write(`AIR ${broker.address}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await hood.stop();
  await broker.close();
  await capture?.stop();
  air.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
