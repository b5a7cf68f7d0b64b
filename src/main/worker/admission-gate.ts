import type { SnoozeRequest } from '../../shared/snooze-args.js';
import type { ActivityEntry, BluetoothState, ModelSummary, NetworkState, WorkerStatus } from '../../shared/snapshot.js';
import type { Clock } from '../core/clock.js';
import type { Service } from '../core/service.js';
import type { ModeService, ModeState } from '../modes/mode-service.js';
import { evaluatePower, type PowerVerdict } from '../power/power-policy.js';
import { describePower, type PowerSource } from '../power/power-source.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { Admission, AdmissionPort, WorkSource } from './admission-port.js';
import { Snooze, formatLocalTime } from './snooze.js';
import { effectiveCapacity, refusalCodes, refusalReasons, workerStatus, type GateInputs } from './worker-rules.js';

/** The slices of other services the gate reads (the snapshot's model, network and Bluetooth), pushed to it by their owner. */
export type GateNote = (level: ActivityEntry['level'], message: string) => void;

export interface GateContext {
  model: ModelSummary | null;
  network: NetworkState;
  bluetooth: BluetoothState;
}

/**
 * The one admission gate (DESIGN "Contributing compute"): every source of contributed work asks it
 * before starting a task, and the snapshot's worker status is its `status()`. It holds the state the
 * rules need (running slots, drain, the battery hysteresis, the coordinator's limit, the snooze); the
 * rules themselves are in worker-rules.ts and power-policy.ts.
 */
export class AdmissionGate implements AdmissionPort, Service {
  readonly name = 'admission-gate';
  private running = 0;
  private draining = false;
  private heldForBattery = false;
  private powerHeld = false;
  private coordinatorMax: number | null = null;
  private readonly snooze: Snooze;
  private readonly listeners = new Set<() => void>();
  private readonly noteListeners = new Set<GateNote>();
  private context: GateContext;
  private readonly subscriptions: Array<() => void> = [];

  constructor(
    private readonly deps: {
      mode: ModeService;
      settings: SettingsStore;
      power: PowerSource;
      clock: Clock;
      /** The model, network and Bluetooth as they are when the gate is built; contextChanged() brings later values. */
      context: GateContext;
    },
  ) {
    this.context = deps.context;
    this.snooze = new Snooze({ settings: deps.settings, clock: deps.clock, note: this.note, changed: () => this.emit() });
  }

  async start(): Promise<void> {
    this.snooze.restore();
    this.powerHeld = this.evaluatePower().hold;
    this.subscriptions.push(
      this.deps.power.onChange(() => this.powerChanged()),
      this.deps.mode.onChange((state) => this.modeChanged(state)),
    );
    this.emit();
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.subscriptions.splice(0)) unsubscribe();
    this.snooze.dispose();
  }

  tryAdmit(source: WorkSource): Admission {
    const inputs = this.inputs();
    // Decided on the codes; the words are built only to tell the refused source why.
    if (refusalCodes(inputs, source).length) return { admitted: false, reasons: refusalReasons(inputs, source, this.formatTime) };
    this.running++;
    this.emit();
    let released = false;
    return {
      admitted: true,
      release: () => {
        if (released) return;
        released = true;
        this.running--;
        if (this.draining && this.running === 0) this.finishDrain();
        this.emit();
      },
    };
  }

  /** The snapshot's worker value. */
  status(): WorkerStatus {
    return workerStatus(this.inputs(), this.formatTime);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The gate's Activity lines (snooze, drain, power holding or releasing the worker). */
  onNote(listener: GateNote): () => void {
    this.noteListeners.add(listener);
    return () => this.noteListeners.delete(listener);
  }

  /** Takes no new work until the snooze ends; returns its end. Throws on a bad end time. */
  snoozeWork(request: SnoozeRequest): number {
    return this.snooze.start(request);
  }

  /** Ends a snooze and cancels "finish then stop". */
  resume(): void {
    const wasDraining = this.draining;
    this.draining = false;
    if (wasDraining) this.note('info', 'Finish then stop cancelled: the worker keeps taking work.');
    if (!this.snooze.resume() && wasDraining) this.emit();
  }

  /** Admits nothing new; when the running tasks have finished and reported, the mode becomes Off. */
  finishThenStop(): void {
    if (this.deps.mode.current.mode === 'off' || this.draining) return;
    if (this.running === 0) {
      this.finishDrain();
      return;
    }
    this.draining = true;
    this.note('info', `Finishing ${this.running} running task(s), then switching to Off; no new work is taken.`);
    this.emit();
  }

  /** The coordinator's policy (register/heartbeat reply): maxConcurrentTasks, or null when it sets none. */
  setCoordinatorLimit(maxConcurrentTasks: number | null): void {
    if (maxConcurrentTasks === this.coordinatorMax) return;
    this.coordinatorMax = maxConcurrentTasks;
    this.emit();
  }

  /**
   * The power policy, the task limit or "serve nearby devices while On" changed in the settings (read
   * at every decision): the power verdict is taken again now, with an Activity note when it flips, and
   * the status is republished.
   */
  settingsChanged(): void {
    this.powerChanged();
  }

  /** The model, network or Bluetooth slice changed (the snapshot pushes the new values). */
  contextChanged(context: GateContext): void {
    this.context = context;
    this.emit();
  }

  private inputs(): GateInputs {
    const settings = this.deps.settings.read();
    const ctx = this.context;
    return {
      mode: this.deps.mode.current.mode,
      snoozedUntil: this.snooze.until(),
      draining: this.draining,
      powerReasons: this.evaluatePower().reasons,
      model: ctx.model,
      network: ctx.network,
      bluetooth: ctx.bluetooth,
      running: this.running,
      serveNearbyWhileOn: settings.serveNearbyWhileOn,
      sandboxEnabled: settings.sandbox.enabled,
      capacity: effectiveCapacity(settings.worker.maxConcurrentTasks, this.coordinatorMax),
    };
  }

  private evaluatePower(): PowerVerdict {
    const verdict = evaluatePower(this.deps.power.current(), this.deps.settings.read().power, this.heldForBattery);
    this.heldForBattery = verdict.heldForBattery;
    return verdict;
  }

  private powerChanged(): void {
    const verdict = this.evaluatePower();
    if (verdict.hold !== this.powerHeld && this.deps.mode.current.mode !== 'off') {
      const reading = describePower(this.deps.power.current());
      this.note('info', verdict.hold ? `Worker paused: ${verdict.reasons[0]?.message ?? reading}.` : `Power allows work again (${reading}).`);
    }
    this.powerHeld = verdict.hold;
    this.emit();
  }

  private modeChanged(state: ModeState): void {
    if (this.draining && state.cause === 'user') {
      this.draining = false;
      this.note('info', `Finish then stop cancelled: the mode was switched to ${state.mode}.`);
    }
    this.emit();
  }

  private finishDrain(): void {
    this.draining = false;
    this.note('info', 'The running tasks have finished: the worker stopped (mode Off).');
    this.deps.mode.set('off', 'drained');
  }

  private readonly note = (level: ActivityEntry['level'], message: string): void => {
    for (const listener of [...this.noteListeners]) listener(level, message);
  };

  private readonly formatTime = (ms: number): string => formatLocalTime(ms, this.deps.clock.now());

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
