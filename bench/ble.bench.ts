/**
 * BLE framing cost: ATT packets and bytes on air for mesh messages against the theoretical minimum
 * (same payload, no 4-byte framing header), and reassembly throughput against a plain Buffer.concat of
 * the same slices measured in the same run.
 */
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../src/main/core/clock.js';
import { ATT_WRITE_OVERHEAD, chunkSizeFor, encodeFrames, FRAME_HEADER_BYTES, Reassembler } from '../src/main/ble/protocol/index.js';

const L2CAP_HEADER = 4;
const PER_PACKET = ATT_WRITE_OVERHEAD + L2CAP_HEADER;

function timeMBps(bytesPerRun: number, run: () => void): number {
  const start = performance.now();
  let runs = 0;
  while (performance.now() - start < 300 || runs < 20) {
    run();
    runs++;
  }
  const seconds = (performance.now() - start) / 1000;
  return (bytesPerRun * runs) / seconds / 1e6;
}

export default async function run(): Promise<Record<string, unknown>> {
  const rows: Record<string, unknown>[] = [];
  let worstAir = 0;
  let worstSpeed = Infinity;
  for (const mtu of [256, 512]) {
    const size = chunkSizeFor(mtu);
    for (const kib of [1, 16, 64]) {
      const bytes = kib * 1024;
      const message = Buffer.alloc(bytes, 0x61);
      const frames = encodeFrames(message, size);
      const airBytes = frames.reduce((n, f) => n + f.length + PER_PACKET, 0);
      const minPackets = Math.ceil(bytes / size);
      const minAirBytes = bytes + minPackets * PER_PACKET;
      const reassembler = new Reassembler({ clock: new ManualClock() });
      const reassemblyMBps = timeMBps(bytes, () => {
        for (const f of frames) reassembler.push(f);
      });
      const payloads = frames.map((f) => f.subarray(FRAME_HEADER_BYTES));
      const concatMBps = timeMBps(bytes, () => {
        Buffer.concat(payloads.map((p) => Buffer.from(p)));
      });
      const airRatio = airBytes / minAirBytes;
      const speedRatio = reassemblyMBps / concatMBps;
      if (kib >= 16) worstAir = Math.max(worstAir, airRatio);
      worstSpeed = Math.min(worstSpeed, speedRatio);
      rows.push({
        mtu,
        chunkBytes: size,
        messageKiB: kib,
        attPackets: frames.length,
        minAttPackets: minPackets,
        bytesOnAir: airBytes,
        minBytesOnAir: minAirBytes,
        airOverheadRatio: Number(airRatio.toFixed(4)),
        headerBytesRatio: Number(((frames.length * FRAME_HEADER_BYTES) / bytes).toFixed(4)),
        reassemblyMBps: Number(reassemblyMBps.toFixed(1)),
        concatBaselineMBps: Number(concatMBps.toFixed(1)),
        reassemblyVsBaseline: Number(speedRatio.toFixed(3)),
      });
    }
  }
  await Promise.resolve();
  return {
    rows,
    goal: 'bytes on air ≤ 1.03 × minimum for messages ≥ 16 KiB; reassembly ≥ 0.25 × Buffer.concat of the same slices',
    worstAirOverheadRatio: Number(worstAir.toFixed(4)),
    worstReassemblyVsBaseline: Number(worstSpeed.toFixed(3)),
    met: worstAir <= 1.03 && worstSpeed >= 0.25,
  };
}
