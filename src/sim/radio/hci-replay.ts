/**
 * Replay of a raw HCI capture: the host → controller packets of one capture file (`hci<N>-tx.seg`) are
 * written, in order, to a fresh virtual controller, and what it answers is compared with what the
 * original controller answered (`hci<N>-rx.seg`). Command answers (Command Complete / Command Status)
 * are compared byte for byte; commands whose answer depends on the peer the capture had (disconnect,
 * RSSI, connection update, cancel connect) are counted as skipped, since the lone controller has no link.
 */
import { EVT_CMD_COMPLETE, EVT_CMD_STATUS, OP, PKT_EVENT } from './hci-codes.js';
import type { Segment } from './hci-capture.js';
import { describeHciPacket } from './hci-describe.js';
import { SimAir } from './sim-air.js';

export interface ReplayStep {
  /** 'tx': a packet the replay wrote to the controller; 'rx': one the controller sent back. */
  dir: 'tx' | 'rx';
  packet: Buffer;
}

export interface ReplayResult {
  /** Every packet in both directions, in the order the controller saw or sent them. */
  trace: ReplayStep[];
  /** The packets the controller received (the capture's, unchanged, if the replay is faithful). */
  fed: Buffer[];
  /** Everything the controller answered. */
  answers: Buffer[];
}

/** Feeds `packets` to a fresh controller (address as captured, if known), one event-loop turn apart. */
export async function replayHostPackets(packets: ReadonlyArray<Segment | Buffer>, opts: { address?: string } = {}): Promise<ReplayResult> {
  const air = new SimAir();
  const trace: ReplayStep[] = [];
  try {
    const ctrl = air.createController(opts.address ? { address: opts.address } : {});
    air.setCaptureTap((c, dir, packet) => {
      if (c === ctrl) trace.push({ dir, packet: Buffer.from(packet) });
    });
    const port = air.attach(ctrl.devId, { data: () => undefined, error: () => undefined });
    for (const p of packets) {
      port.write(Buffer.isBuffer(p) ? p : p.bytes);
      await new Promise((r) => setImmediate(r)); // the answer is delivered before the next command
    }
    await new Promise((r) => setImmediate(r));
  } finally {
    air.close();
  }
  return { trace, fed: trace.filter((s) => s.dir === 'tx').map((s) => s.packet), answers: trace.filter((s) => s.dir === 'rx').map((s) => s.packet) };
}

/** Opcodes whose answer depends on a connection or a peer the replay does not have. */
const PEER_DEPENDENT: ReadonlySet<number> = new Set([OP.disconnect, OP.readRssi, OP.leConnUpdate, OP.leCancelConn, OP.leCreateConn]);

/** The opcode a Command Complete / Command Status event answers, or null for any other packet. */
export function answeredOpcode(p: Buffer): number | null {
  if (p[0] !== PKT_EVENT || p.length < 7) return null;
  if (p[1] === EVT_CMD_COMPLETE) return p.readUInt16LE(4);
  if (p[1] === EVT_CMD_STATUS) return p.readUInt16LE(5);
  return null;
}

export interface AnswerMismatch {
  /** Index among the command answers. */
  index: number;
  expected: string;
  actual: string;
}

export interface AnswerComparison {
  compared: number;
  skipped: number;
  mismatches: AnswerMismatch[];
}

const show = (p: Buffer | undefined): string => (p ? `${describeHciPacket(p)} [${p.toString('hex')}]` : '(none)');

/** Compares the command answers of a captured rx stream with those of a replay, in order. */
export function compareCommandAnswers(captured: readonly Buffer[], replayed: readonly Buffer[]): AnswerComparison {
  const want = captured.filter((p) => answeredOpcode(p) !== null);
  const got = replayed.filter((p) => answeredOpcode(p) !== null);
  const result: AnswerComparison = { compared: 0, skipped: 0, mismatches: [] };
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    const w = want[i];
    const g = got[i];
    const wOp = w ? answeredOpcode(w) : null;
    if (w && g && wOp === answeredOpcode(g) && wOp !== null && PEER_DEPENDENT.has(wOp)) {
      result.skipped++;
      continue;
    }
    result.compared++;
    if (!w || !g || !w.equals(g)) result.mismatches.push({ index: i, expected: show(w), actual: show(g) });
  }
  return result;
}
