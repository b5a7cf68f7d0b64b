/**
 * Inspect or replay simulated HCI captures.
 *   node --import tsx src/main/ble/sim/hci-capture-cli.ts inspect <file.seg>... [--hex]
 *   node --import tsx src/main/ble/sim/hci-capture-cli.ts replay <hciN-tx.seg>
 * replay feeds the host → controller packets of a capture to a fresh virtual controller and prints what
 * it answers (to reproduce a host's command sequence without the host).
 */
import fs from 'node:fs';
import { decodeSegments } from './hci-capture.js';
import { describeHciPacket } from './hci-describe.js';
import { SimAir } from './sim-air.js';

function inspect(files: string[], hex: boolean): void {
  for (const file of files) {
    const { segments, truncatedBytes } = decodeSegments(fs.readFileSync(file));
    const t0 = segments[0]?.tsMs ?? 0;
    console.log(`# ${file}: ${segments.length} packets${truncatedBytes ? `, ${truncatedBytes} trailing bytes (truncated)` : ''}`);
    for (const s of segments) console.log(`+${String(s.tsMs - t0).padStart(7)} ms  ${describeHciPacket(s.bytes)}${hex ? `  ${s.bytes.toString('hex')}` : ''}`);
  }
}

async function replay(file: string): Promise<void> {
  const { segments } = decodeSegments(fs.readFileSync(file));
  const air = new SimAir();
  const ctrl = air.createController();
  const port = air.attach(ctrl.devId, { data: (p) => console.log(`  ← ${describeHciPacket(p)}`), error: (e) => console.log(`  ! ${e.message}`) });
  for (const s of segments) {
    console.log(`→ ${describeHciPacket(s.bytes)}`);
    port.write(s.bytes);
    await new Promise((r) => setImmediate(r));
  }
  await new Promise((r) => setTimeout(r, 50));
  air.close();
}

const [cmd, ...rest] = process.argv.slice(2);
const files = rest.filter((a) => !a.startsWith('--'));
if (cmd === 'inspect' && files.length) inspect(files, rest.includes('--hex'));
else if (cmd === 'replay' && files[0]) await replay(files[0]);
else {
  console.error('usage: hci-capture-cli inspect <file.seg>... [--hex] | replay <hciN-tx.seg>');
  process.exitCode = 2;
}
