import path from 'node:path';
import type { GpuSetting } from '../../shared/models-status.js';
import type { ModelState } from '../inference/engine-types.js';
import type { Catalogue } from '../../shared/model-catalogue.js';
import { ModelCatalogueService } from '../models/model-catalogue-service.js';
import { shippedCatalogue } from '../models/shipped-catalogue.js';
import type { ModelSummary } from '../../shared/snapshot.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { PeerContext } from '../ble/peripheral/index.js';
import type { MeshTaskRequest } from '../ble/protocol/mesh-schemas.js';
import type { PeerCapabilities } from '../ble/protocol/mesh-schemas.js';
import type { HostTransport } from '../inference/host-channel.js';
import { InferenceEngine } from '../inference/inference-engine.js';
import { bindActiveModel, modelPanelSnapshot } from '../models/active-model-binding.js';
import { jsonActiveModelStore } from '../models/active-model-store.js';
import { ModelManager } from '../models/model-manager.js';
import type { WorkOutcome } from '../mesh/paid-task-provider.js';
import { localCapabilities, meshServeRefusal, modelSummary } from './this-computer.js';
import { mainsNoBattery, type PowerReading } from '../power/power-source.js';

export interface InferenceParts {
  engine: InferenceEngine;
  models: ModelManager;
  /** The shipped catalogue of coding models with their fit on this computer. */
  catalogue: ModelCatalogueService;
  service: Service;
  /** The snapshot's Model slice (null: no model chosen). */
  summary(): ModelSummary | null;
  /** This machine's BLE capabilities: model, size, memory, load. */
  capabilities(): PeerCapabilities;
  /** Runs a task a nearby device sent over the mesh on the local model (settlement is the caller's). */
  runMeshTask(request: MeshTaskRequest, ctx: PeerContext): Promise<WorkOutcome>;
  /** Calls back whenever the model, its downloads or the engine's load change. */
  onChange(listener: () => void): () => void;
}

/**
 * Local inference: the model manager (models folder in the data dir) and the engine (llama.cpp in its
 * own process through `transport`), kept on the model the user chose.
 */
export function wireInference(deps: {
  dataDir: string;
  transport: HostTransport;
  clock: Clock;
  logger: Logger;
  threads?: number;
  /** The catalogue to offer (tests); the shipped one by default. */
  catalogue?: Catalogue;
  /** The `inference.gpu` setting at start (live changes go to engine.setGpu). */
  gpu?: GpuSetting;
  /** Battery and device type advertised to nearby devices (the power source's reading). */
  power?: () => PowerReading;
}): InferenceParts {
  const models = new ModelManager({
    dataDir: deps.dataDir,
    activeStore: jsonActiveModelStore(path.join(deps.dataDir, 'models-state.json')),
    clock: deps.clock,
    logger: deps.logger,
  });
  const engine = new InferenceEngine({
    transport: deps.transport,
    clock: deps.clock,
    logger: deps.logger,
    ...(deps.threads ? { threads: deps.threads } : {}),
    ...(deps.gpu ? { gpu: deps.gpu } : {}),
  });
  let unbind: (() => void) | null = null;
  const catalogue = new ModelCatalogueService({
    catalogue: deps.catalogue ?? shippedCatalogue(), models, clock: deps.clock,
    estimate: (targets, signal) => engine.estimateFits(targets, signal),
  });
  // A GPU switched on or off changes what fits: estimate again when the next model is ready.
  const refit = (m: ModelState): void => {
    if (m.state === 'ready') catalogue.invalidate();
  };

  const summary = (): ModelSummary | null => {
    const panel = modelPanelSnapshot(models, engine);
    return modelSummary(panel.active, panel.engine.backend);
  };

  return {
    engine,
    models,
    catalogue,
    summary,
    capabilities: () => localCapabilities(models.capabilities(), deps.power?.() ?? mainsNoBattery, engine.currentLoad, summary()?.backend ?? null),
    runMeshTask: async (request, ctx) => {
      const refusal = meshServeRefusal(summary());
      if (refusal) return { ok: false, error: refusal };
      try {
        const answer = await engine.run({ prompt: request.prompt }, { maxTokens: request.maxTokens, signal: ctx.signal, ...(request.language ? { language: request.language } : {}) });
        return { ok: true, output: answer.output, cpuSeconds: answer.cpuSeconds, durationMs: answer.durationMs, paramSize: answer.paramSize, aborted: answer.aborted };
      } catch (err) {
        return { ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
    onChange: (listener) => {
      models.on('changed', listener);
      models.on('download', listener);
      models.on('active-changed', listener);
      engine.on('model', listener);
      engine.on('load', listener);
      return () => {
        models.off('changed', listener);
        models.off('download', listener);
        models.off('active-changed', listener);
        engine.off('model', listener);
        engine.off('load', listener);
      };
    },
    service: {
      name: 'inference',
      start: async () => {
        await models.start();
        await engine.start();
        unbind = bindActiveModel(models, engine);
        engine.on('model', refit);
      },
      stop: async () => {
        unbind?.();
        engine.off('model', refit);
        await engine.stop();
        await models.stop();
      },
    },
  };
}
