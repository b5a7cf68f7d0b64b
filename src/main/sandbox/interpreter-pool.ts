/**
 * Warm interpreters, one spare per language: none until the first task of that language arrives, then
 * one loaded and waiting, so the next run starts in an interpreter already loaded. A Python child runs
 * one task and is thrown away (nothing of a run reaches the next), a fresh spare starting behind it; a
 * JavaScript child is reused, since every run gets a fresh QuickJS runtime. A spare not used for
 * `idleDropMs` is killed, so an idle runner holds no interpreter.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { SandboxChild } from './sandbox-child.js';
import type { SandboxLanguage } from './sandbox-port.js';

export interface InterpreterPoolOptions {
  start: (language: SandboxLanguage) => SandboxChild;
  clock: Clock;
  /** Default 5 minutes. */
  idleDropMs: number;
  /** A reused JavaScript child is retired once its resident memory passes this (bytes). */
  retireRssBytes: number;
}

interface Slot {
  spare: SandboxChild | null;
  idle: TimerHandle | null;
}

export class InterpreterPool {
  private readonly slots = new Map<SandboxLanguage, Slot>();
  private stopped = false;

  constructor(private readonly opts: InterpreterPoolOptions) {}

  /** Starts a spare for the language if there is none (a task is coming; loading can overlap with writing code). */
  warm(language: SandboxLanguage): void {
    if (this.stopped) return;
    const slot = this.slot(language);
    if (!slot.spare?.alive) slot.spare = this.opts.start(language);
    this.armIdle(language, slot);
  }

  /** A loaded child for one run: the spare when there is one, otherwise a new one (a cold start). */
  take(language: SandboxLanguage): SandboxChild {
    if (this.stopped) throw new Error('the sandbox is stopped');
    const slot = this.slot(language);
    const spare = slot.spare?.alive ? slot.spare : null;
    slot.spare = null;
    return spare ?? this.opts.start(language);
  }

  /** After a run: a Python child is killed; a healthy JavaScript child becomes the spare. A new spare is started if needed. */
  release(language: SandboxLanguage, child: SandboxChild, rssBytes: number | null): void {
    const slot = this.slot(language);
    const reusable = language === 'javascript' && child.alive && !this.stopped && (rssBytes ?? 0) <= this.opts.retireRssBytes;
    if (reusable && !slot.spare?.alive) slot.spare = child;
    else child.kill();
    this.warm(language);
  }

  /** Whether a loaded-or-loading spare is kept for the language (for the bench and the status). */
  hasSpare(language: SandboxLanguage): boolean {
    return this.slots.get(language)?.spare?.alive === true;
  }

  /** Resolves once the language's spare is loaded (at once when there is none). */
  async spareReady(language: SandboxLanguage): Promise<void> {
    await this.slots.get(language)?.spare?.ready.catch(() => undefined);
  }

  /** The spares' process ids (for the bench's footprint figures). */
  sparePids(): number[] {
    return [...this.slots.values()].flatMap((s) => (s.spare?.alive && s.spare.pid !== undefined ? [s.spare.pid] : []));
  }

  stop(): void {
    this.stopped = true;
    for (const slot of this.slots.values()) {
      if (slot.idle) this.opts.clock.clearTimeout(slot.idle);
      slot.idle = null;
      slot.spare?.kill();
      slot.spare = null;
    }
  }

  private slot(language: SandboxLanguage): Slot {
    let slot = this.slots.get(language);
    if (!slot) {
      slot = { spare: null, idle: null };
      this.slots.set(language, slot);
    }
    return slot;
  }

  private armIdle(language: SandboxLanguage, slot: Slot): void {
    if (slot.idle) this.opts.clock.clearTimeout(slot.idle);
    slot.idle = this.opts.clock.setTimeout(() => {
      slot.idle = null;
      slot.spare?.kill();
      slot.spare = null;
    }, this.opts.idleDropMs);
  }
}
