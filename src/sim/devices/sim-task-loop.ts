/**
 * `--sim-task-every N`: the virtual phones and laptops take turns asking this computer for work every N
 * seconds, as phones running the EdgeCoder agent would, so the Credits panel and the Activity list move
 * without any real device. One request at a time; stop() aborts the one in flight.
 */
import type { Clock, TimerHandle } from '../../main/core/clock.js';
import type { Logger } from '../../main/core/logger.js';
import type { SimMeshDevice } from './mesh-device.js';

export const SIM_PROMPTS = [
  'Write a TypeScript function that reverses a string.',
  'abc',
  'Explain what a BLE characteristic is in one sentence.',
  'uvw',
];

export interface SimTaskLoopOptions {
  devices: readonly SimMeshDevice[];
  targetAgentId: string;
  everyMs: number;
  clock: Clock;
  logger: Logger;
  maxTokens?: number;
  timeoutMs?: number;
  prompts?: readonly string[];
}

export interface SimTaskLoopStats {
  sent: number;
  settled: number;
  failed: number;
  lastError: string | null;
}

export function startSimTaskLoop(o: SimTaskLoopOptions): { stop(): Promise<void>; stats(): SimTaskLoopStats } {
  const stats: SimTaskLoopStats = { sent: 0, settled: 0, failed: 0, lastError: null };
  const prompts = o.prompts ?? SIM_PROMPTS;
  let timer: TimerHandle | null = null;
  let inFlight: { abort: AbortController; done: Promise<void> } | null = null;
  let stopped = false;
  let turn = 0;

  const tick = (): void => {
    timer = null;
    const device = o.devices[turn % o.devices.length];
    const prompt = prompts[turn % prompts.length] ?? 'abc';
    turn++;
    if (!device || stopped) return;
    const abort = new AbortController();
    stats.sent++;
    const done = device.requester
      .request(o.targetAgentId, { prompt, maxTokens: o.maxTokens ?? 64 }, { signal: abort.signal, timeoutMs: o.timeoutMs ?? 60_000 })
      .then((r) => {
        stats.settled++;
        o.logger.log('info', 'sim.task.settled', { device: device.label, txId: r.tx.txId, credits: r.tx.credits });
      })
      .catch((err: unknown) => {
        stats.failed++;
        stats.lastError = err instanceof Error ? err.message : String(err);
        o.logger.log('info', 'sim.task.failed', { device: device.label, error: stats.lastError });
      })
      .finally(() => {
        inFlight = null;
        if (!stopped) timer = o.clock.setTimeout(tick, o.everyMs);
      });
    inFlight = { abort, done };
  };

  if (o.devices.length > 0 && o.everyMs > 0) timer = o.clock.setTimeout(tick, o.everyMs);
  return {
    stats: () => ({ ...stats }),
    stop: async () => {
      stopped = true;
      if (timer) o.clock.clearTimeout(timer);
      timer = null;
      const running = inFlight;
      running?.abort.abort();
      await running?.done;
    },
  };
}
