/**
 * Inspect or replay simulated HCI captures.
 *   node --import tsx src/sim/radio/hci-capture-cli.ts inspect <file.seg>... [--hex]
 *   node --import tsx src/sim/radio/hci-capture-cli.ts replay <hciN-tx.seg> [--compare <hciN-rx.seg>] [--address aa:bb:..]
 * replay feeds the host → controller packets of a capture to a fresh virtual controller and prints what
 * it answers (to reproduce a host's command sequence without the host); with --compare it checks the
 * command answers against the captured ones and exits with 1 when they differ.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeSegments } from './hci-capture.js';
import { describeHciPacket } from './hci-describe.js';
import { compareCommandAnswers, replayHostPackets } from './hci-replay.js';

function inspect(files: string[], hex: boolean): void {
  for (const file of files) {
    const { segments, truncatedBytes } = decodeSegments(fs.readFileSync(file));
    const t0 = segments[0]?.tsMs ?? 0;
    console.log(`# ${file}: ${segments.length} packets${truncatedBytes ? `, ${truncatedBytes} trailing bytes (truncated)` : ''}`);
    for (const s of segments) console.log(`+${String(s.tsMs - t0).padStart(7)} ms  ${describeHciPacket(s.bytes)}${hex ? `  ${s.bytes.toString('hex')}` : ''}`);
  }
}

async function replay(file: string, compareWith: string | undefined, address: string | undefined): Promise<number> {
  const { segments } = decodeSegments(fs.readFileSync(file));
  const result = await replayHostPackets(segments, address ? { address } : {});
  for (const step of result.trace) console.log(step.dir === 'tx' ? `→ ${describeHciPacket(step.packet)}` : `  ← ${describeHciPacket(step.packet)}`);
  const faithful = result.fed.length === segments.length && result.fed.every((p, i) => p.equals(segments[i]?.bytes ?? Buffer.alloc(0)));
  console.log(`# replayed ${result.fed.length} of ${segments.length} packets${faithful ? ', identical to the capture' : ', DIFFERENT from the capture'}`);
  if (!compareWith) return faithful ? 0 : 1;
  const captured = decodeSegments(fs.readFileSync(compareWith)).segments.map((s) => s.bytes);
  const cmp = compareCommandAnswers(captured, result.answers);
  for (const m of cmp.mismatches) console.log(`! answer ${m.index}: captured ${m.expected}, replayed ${m.actual}`);
  console.log(`# command answers: ${cmp.compared - cmp.mismatches.length} of ${cmp.compared} match, ${cmp.skipped} skipped (need the peer)`);
  return faithful && cmp.mismatches.length === 0 ? 0 : 1;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { hex: { type: 'boolean' }, compare: { type: 'string' }, address: { type: 'string' } },
});
const [cmd, ...files] = positionals;
if (cmd === 'inspect' && files.length) inspect(files, values.hex === true);
else if (cmd === 'replay' && files[0]) process.exitCode = await replay(files[0], values.compare, values.address);
else {
  console.error('usage: hci-capture-cli inspect <file.seg>... [--hex] | replay <hciN-tx.seg> [--compare <hciN-rx.seg>] [--address aa:bb:cc:dd:ee:ff]');
  process.exitCode = 2;
}
