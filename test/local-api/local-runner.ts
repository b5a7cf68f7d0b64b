/**
 * Test runners behind the local API's CompletionRunner port: the real request router over a real
 * InferenceEngine on the generated models (llama.cpp, served by "this computer"), and one that throws a given route error
 * (for the error mapping of states a single engine cannot reach on demand: busy, no device, deadline).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../src/main/core/clock.js';
import { silentLogger } from '../../src/main/core/logger.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { LocalApiService } from '../../src/main/local-api/local-api-service.js';
import type { CompletionRunner, ModelOffer } from '../../src/main/routing/route-types.js';
import { localRouter } from '../support/local-router.js';

/** The app's request router over the real engine, this computer being the only device. */
export function engineRunner(engine: InferenceEngine): CompletionRunner {
  return localRouter(engine);
}

export function throwingRunner(error: () => Error, models: ModelOffer[] = [{ id: 'auto', servedBy: [] }]): CompletionRunner {
  return {
    models: () => models,
    run: async () => {
      throw error();
    },
  };
}

export interface RunningApi {
  service: LocalApiService;
  port: number;
  key: string;
  baseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

/** The real service on 127.0.0.1:<free port> with a fresh data folder. */
export async function startApi(runner: CompletionRunner): Promise<RunningApi> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ec-local-api-'));
  const service = new LocalApiService({ dataDir, port: 0, runner, clock: systemClock, logger: silentLogger });
  await service.start();
  const info = service.info();
  if (info.state !== 'running' || info.port === null || info.baseUrl === null) throw new Error(`local API did not start: ${info.error ?? 'unknown'}`);
  return {
    service,
    port: info.port,
    key: info.key,
    baseUrl: info.baseUrl,
    dataDir,
    async close() {
      await service.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
