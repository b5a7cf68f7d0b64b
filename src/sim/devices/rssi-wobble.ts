import type { Clock, TimerHandle } from '../../main/core/clock.js';

/** The part of the simulated air the wobble moves: each device's RSSI towards every controller. */
export interface RssiAir {
  setDeviceRssi(address: string, rssi: number): void;
  deviceRssiOf(address: string): number;
}

export const RSSI_MIN = -95;
export const RSSI_MAX = -40;

/** The next RSSI: a step of 3 to 6 dB up or down, kept in [RSSI_MIN, RSSI_MAX]. */
export function wobbleStep(current: number, random: () => number): number {
  const rssi = Math.min(RSSI_MAX, Math.max(RSSI_MIN, current));
  const size = 3 + Math.floor(random() * 4);
  const next = rssi + (random() < 0.5 ? -size : size);
  return next < RSSI_MIN || next > RSSI_MAX ? rssi - (next - rssi) : next;
}

/**
 * Moves every virtual device's signal strength a few dB each `everyMs` (people walking about with
 * their phones): the dashboard's live data and its benchmark see every device change every second.
 */
export function startRssiWobble(o: { air: RssiAir; addresses: () => readonly string[]; clock: Clock; random: () => number; everyMs?: number }): { stop(): void } {
  const everyMs = o.everyMs ?? 1000;
  let timer: TimerHandle | null = null;
  const tick = (): void => {
    for (const address of o.addresses()) o.air.setDeviceRssi(address, wobbleStep(Math.round(o.air.deviceRssiOf(address)), o.random));
    timer = o.clock.setTimeout(tick, everyMs);
  };
  timer = o.clock.setTimeout(tick, everyMs);
  return {
    stop: () => {
      if (timer !== null) o.clock.clearTimeout(timer);
      timer = null;
    },
  };
}

/** How long a signal set by hand (the Simulator panel, simSetDevice) is left alone by the wobble. */
export const HAND_SET_HOLD_MS = 10_000;

/**
 * Signals set by hand stay as set for a while: someone who put a phone next to the computer expects to
 * see that reading, not the next step of the wobble a second later.
 */
export class HandSetSignals {
  private readonly setAt = new Map<string, number>();

  set(address: string, now: number): void {
    this.setAt.set(address, now);
  }

  held(address: string, now: number): boolean {
    const at = this.setAt.get(address);
    if (at === undefined) return false;
    if (now - at < HAND_SET_HOLD_MS) return true;
    this.setAt.delete(address);
    return false;
  }
}
