import type { Service } from '../core/service.js';
import type { ModeService } from '../modes/mode-service.js';

/** What the rule starts and stops (the swarm worker). */
export interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The swarm worker runs exactly while the mode is On (DESIGN "Compute modes"): running at start if the
 * mode is On, started on a switch to On, stopped on a switch to anything else (stop aborts the running
 * tasks; the coordinator's lease hands them to another worker), and stopped with the app. A failed
 * start or stop on a switch is reported, never thrown into the mode service. Without a worker (no agent
 * identity) nothing runs, and `onMissing` is told once at start when the mode is On.
 */
export function swarmWhileOn(deps: {
  mode: Pick<ModeService, 'current' | 'onChange'>;
  worker: Startable | null;
  onError: (err: unknown) => void;
  onMissing: () => void;
}): Service {
  const { mode, worker } = deps;
  if (!worker) {
    return {
      name: 'swarm',
      start: async () => {
        if (mode.current.mode === 'on') deps.onMissing();
      },
      stop: async () => undefined,
    };
  }
  const followMode = (next: string): void => {
    const done = next === 'on' ? worker.start() : worker.stop();
    done.catch(deps.onError);
  };
  let unsubscribe: (() => void) | null = null;
  return {
    name: 'swarm',
    start: async () => {
      if (mode.current.mode === 'on') await worker.start();
      unsubscribe = mode.onChange((s) => followMode(s.mode));
    },
    stop: async () => {
      unsubscribe?.();
      unsubscribe = null;
      await worker.stop();
    },
  };
}
