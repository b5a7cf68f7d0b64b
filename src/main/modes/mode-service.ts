import type { ComputeMode, ModeChangeCause } from '../../shared/modes.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { SettingsStore } from '../settings/settings-store.js';

export interface ModeState {
  mode: ComputeMode;
  changedAt: number;
  cause: ModeChangeCause;
}

/**
 * The compute mode (Off / On / Bluetooth Local), persisted in settings so it survives restarts.
 * Listeners (snapshot, BLE, swarm worker) react to changes; the service itself decides nothing else.
 */
export class ModeService implements Service {
  readonly name = 'mode';
  private state: ModeState;
  private readonly listeners = new Set<(state: ModeState) => void>();

  constructor(private readonly deps: { settings: SettingsStore; clock: Clock; logger: Logger }) {
    this.state = { mode: deps.settings.read().mode, changedAt: deps.clock.now(), cause: 'startup' };
  }

  async start(): Promise<void> {
    this.deps.logger.log('info', 'mode.restored', { mode: this.state.mode });
  }

  async stop(): Promise<void> {
    this.listeners.clear();
  }

  get current(): ModeState {
    return this.state;
  }

  set(mode: ComputeMode, cause: ModeChangeCause): ModeState {
    if (mode === this.state.mode) return this.state;
    this.deps.settings.update({ mode });
    const previous = this.state.mode;
    this.state = { mode, changedAt: this.deps.clock.now(), cause };
    this.deps.logger.log('info', 'mode.changed', { from: previous, to: mode, cause });
    for (const listener of this.listeners) listener(this.state);
    return this.state;
  }

  onChange(listener: (state: ModeState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
