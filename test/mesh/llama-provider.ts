/**
 * This computer as a mesh provider in tests: the real MeshPeripheralService on its own simulated
 * controller, whose paid-task handler checks the signed intent and runs real llama.cpp on the
 * generated tiny model. `wrap` puts a rule around the run (e.g. the admission gate); `runs` counts what
 * actually reached the engine.
 */
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { MeshPeripheralService } from '../../src/main/ble/peripheral/index.js';
import { createSimBleno } from '../../src/sim/radio/install-sim.js';
import type { SimAir } from '../../src/sim/radio/sim-air.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { Identity } from '../../src/main/ledger/identity.js';
import type { LedgerService } from '../../src/main/ledger/ledger-service.js';
import { ledgerBatchHandler } from '../../src/main/mesh/ledger-batch-handler.js';
import { paidTaskHandler, type PaidTaskProviderDeps } from '../../src/main/mesh/paid-task-provider.js';
import { testEngine, testModels } from '../inference/helpers.js';

type WorkRunner = PaidTaskProviderDeps['run'];

export interface LlamaProvider {
  service: MeshPeripheralService;
  /** Tasks that reached llama.cpp. */
  readonly runs: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function llamaProvider(o: { air: SimAir; identity: Identity; ledger: LedgerService; wrap?: (run: WorkRunner) => WorkRunner }): LlamaProvider {
  let engine: InferenceEngine | null = null;
  let runs = 0;
  const run: WorkRunner = async (request, ctx) => {
    runs++;
    if (!engine) throw new Error('the provider is not started');
    const r = await engine.run({ prompt: request.prompt }, { maxTokens: request.maxTokens, signal: ctx.signal });
    return { ok: true, output: r.output, cpuSeconds: r.cpuSeconds, durationMs: r.durationMs, paramSize: r.paramSize, aborted: r.aborted };
  };
  const service = new MeshPeripheralService({
    identity: o.identity.bleIdentity('sim-mesh'),
    capabilities: { model: 'alphabet-tiny', modelParamSize: 0, deviceType: 'laptop' },
    taskHandler: paidTaskHandler({ ledger: o.ledger, clock: systemClock, requireIntent: true, run: o.wrap ? o.wrap(run) : run }),
    // As the app does: requesters hand their acknowledgements over on 0006.
    ledgerHandler: ledgerBatchHandler({ identity: o.identity, store: o.ledger.store }),
    bleno: () => createSimBleno(o.air.createController()),
    name: 'EdgeCoder Runner',
    logger: memoryLogger(),
  });
  return {
    service,
    get runs() {
      return runs;
    },
    async start() {
      engine = testEngine({ modelPath: (await testModels()).tiny });
      await engine.start();
      await service.start();
    },
    async stop() {
      await service.stop();
      await engine?.stop();
    },
  };
}
