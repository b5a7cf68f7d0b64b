import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { CoordinatorClient } from '../coordinator-client/coordinator-client.js';
import type { CoordinatorSession } from '../coordinator-client/coordinator-session.js';
import type { ModeService } from '../modes/mode-service.js';
import type { AdmissionPort } from '../worker/admission-port.js';
import { swarmActivityLine } from '../worker/swarm-activity.js';
import { swarmWhileOn } from '../worker/swarm-while-on.js';
import { SwarmWorker } from '../worker/swarm-worker.js';
import type { SwarmEngine } from '../worker/swarm-worker.js';
import { perTaskRunner, type CodingRunner } from '../coding/coding-types.js';

/**
 * The swarm worker, run exactly while the mode is On (the rule: worker/swarm-while-on.ts). Each task
 * becomes one Activity line. Without an agent identity (no session) there is no worker, and Activity
 * says so once.
 */
export function wireSwarm(deps: {
  client: CoordinatorClient;
  session: CoordinatorSession | null;
  engine: SwarmEngine;
  /** Runs coding subtasks in the sandbox (null while sandbox.enabled is off; the gate then holds swarm work). */
  coding?: () => CodingRunner | null;
  admission: AdmissionPort;
  mode: ModeService;
  clock: Clock;
  logger: Logger;
  onActivity: (level: 'info' | 'warn', text: string) => void;
}): { worker: SwarmWorker | null; service: Service } {
  const { session, mode, logger } = deps;
  const worker = session
    ? new SwarmWorker({
        client: deps.client,
        agentId: () => session.agentId,
        reregister: (signal) => session.reregister(signal),
        engine: deps.engine,
        ...(deps.coding ? { coding: perTaskRunner(deps.coding) } : {}),
        admission: deps.admission,
        clock: deps.clock,
      })
    : null;
  worker?.on('task', (e) => {
    const line = swarmActivityLine(e);
    deps.onActivity(line.level, line.text);
  });
  const service = swarmWhileOn({
    mode,
    worker,
    onError: (err) => logger.log('error', 'swarm.mode-change-failed', { message: String(err) }),
    onMissing: () => deps.onActivity('warn', 'The swarm worker cannot run without an agent identity (see the earlier Activity line).'),
  });
  return { worker, service };
}
