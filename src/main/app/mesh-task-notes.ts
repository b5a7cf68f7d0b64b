/**
 * What the Activity panel says about the work nearby devices ask of this computer over Bluetooth: each
 * served task with its credits, each refusal (the same refusal again and again, such as "no model chosen
 * yet", is one line, not a flood), and the transactions a nearby device hands over. Devices are named by
 * what they advertise when this computer's scan has seen them.
 */
import type { ActivityEntry, ActivityKind } from '../../shared/snapshot.js';
import type { LedgerTransaction } from '../ledger/tx-types.js';
import { languageName, sandboxLanguageOf } from '../coding/coding-types.js';

export interface ActivityLine {
  level: ActivityEntry['level'];
  text: string;
  /** Which Activity filter it belongs to (warnings land under problems unless about the network). */
  topic: ActivityKind;
}

/** Where a line goes: the snapshot's Activity panel. */
export type NoteSink = (level: ActivityLine['level'], text: string, topic: ActivityKind) => void;

/** A mesh task's outcome as Activity needs it (the paid-task provider's PaidTaskEvent fits). */
export interface MeshTaskOutcome {
  requesterId: string;
  /** Set when the task was served and its transaction recorded. */
  tx?: Pick<LedgerTransaction, 'credits' | 'cpuSeconds'>;
  /** Why it was refused or failed. */
  error?: string;
  /** A served coding task: its language, iterations and how it ended. */
  coding?: { language: string; iterations: number; exitCode: number | null; reason?: string };
}

/** A nearby device as the central's scan knows it (PeerRecord fits). */
export interface SeenDevice {
  agentId: string | null;
  localName: string | null;
}

const SHORT_ID = 11;

/** The advertised name and the start of the agent id ("Pixel 7 (a1b2c3d4e5f…)"), or the bare id when unseen. */
export function deviceLabel(agentId: string, seen: readonly SeenDevice[]): string {
  const name = seen.find((p) => p.agentId === agentId)?.localName;
  return name ? `${name} (${agentId.slice(0, SHORT_ID)}…)` : agentId;
}

/** The line for one mesh task's outcome: served with credits (pending sync), or not served and why. */
export function meshTaskLine(event: MeshTaskOutcome, name: string): ActivityLine {
  if (event.tx && event.coding) {
    const c = event.coding;
    const lang = sandboxLanguageOf(c.language);
    const attempts = c.iterations === 1 ? '1 attempt' : `${c.iterations} attempts`;
    const how = c.reason ? `failed after ${attempts} (${c.reason.replace(/_/g, ' ')})` : `ok after ${attempts}`;
    return { level: 'info', text: `Ran a ${lang ? languageName(lang) : c.language} task for ${name} over Bluetooth: ${how}, ${event.tx.cpuSeconds} CPU-s, +${event.tx.credits} credits, pending sync.`, topic: 'tasks' };
  }
  if (event.tx) {
    return { level: 'info', text: `Served a task for ${name} over Bluetooth: +${event.tx.credits} credits (${event.tx.cpuSeconds} CPU s), pending sync.`, topic: 'tasks' };
  }
  return { level: 'warn', text: `A task from ${name} over Bluetooth was not served: ${event.error ?? 'unknown reason'}`, topic: 'tasks' };
}

/** The line when a nearby device hands over transactions this computer was missing. */
export function ledgerHandoverLine(count: number): ActivityLine {
  return { level: 'info', text: `A nearby device handed over ${count} transaction(s) this computer was missing; recorded, pending sync.`, topic: 'credits' };
}

/**
 * Turns mesh task outcomes into Activity lines: every served task; a refusal only when it differs from
 * the last one (a served task resets that, so the next refusal shows again). `onServed` follows each
 * served task (the Credits slice refreshes).
 */
export class MeshTaskNotes {
  private lastRefusal: string | null = null;

  constructor(
    private readonly deps: {
      nameOf: (agentId: string) => string;
      note: NoteSink;
      onServed?: () => void;
    },
  ) {}

  record(event: MeshTaskOutcome): void {
    const line = meshTaskLine(event, this.deps.nameOf(event.requesterId));
    if (event.tx) {
      this.lastRefusal = null;
      this.deps.onServed?.();
      this.deps.note(line.level, line.text, line.topic);
      return;
    }
    if (line.text !== this.lastRefusal) this.deps.note(line.level, line.text, line.topic);
    this.lastRefusal = line.text;
  }
}
