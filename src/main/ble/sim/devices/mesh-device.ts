import { createHash } from 'node:crypto';
import type { Clock } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import { MeshPeripheralService } from '../../peripheral/mesh-peripheral-service.js';
import type { LedgerBatchHandler, MeshTaskHandler } from '../../peripheral/mesh-exchange.js';
import type { DeviceType } from '../../protocol/mesh-schemas.js';
import { createSimBleno } from '../install-sim.js';
import type { SimAir } from '../sim-air.js';
import type { VirtualController } from '../virtual-controller.js';

export interface MeshDeviceOptions {
  agentId: string;
  model?: string;
  /** Billions of parameters. */
  modelParamSize?: number;
  memoryMB?: number;
  batteryPct?: number;
  currentLoad?: number;
  deviceType?: DeviceType;
  /** Mesh token hash (hex); default: sha256('sim-mesh'), the neighbourhood's shared mesh. */
  meshTokenHash?: string;
  publicKey?: string;
  /** Default: deterministic echo (see echoTaskHandler). */
  taskHandler?: MeshTaskHandler;
  /** Default: accepts every txId. */
  ledgerHandler?: LedgerBatchHandler;
  address?: string;
  name?: string;
  clock?: Clock;
  logger?: Logger;
}

export interface SimMeshDevice {
  readonly kind: 'mesh';
  readonly agentId: string;
  readonly address: string;
  readonly controller: VirtualController;
  readonly service: MeshPeripheralService;
  stop(): Promise<void>;
}

export const SIM_MESH_TOKEN_HASH = createHash('sha256').update('sim-mesh').digest('hex');

/** Same prompt, same answer: output `echo(<agentId>): <prompt>`, cpuSeconds from the prompt length. */
export function echoTaskHandler(agentId: string): MeshTaskHandler {
  return async (request) => ({
    ok: true,
    output: `echo(${agentId}): ${request.prompt}`,
    cpuSeconds: Math.round(request.prompt.length) / 1000,
    durationMs: 0,
  });
}

/** A phone or laptop running the EdgeCoder agent: the real mesh peripheral service on its own controller. */
export async function startMeshDevice(air: SimAir, o: MeshDeviceOptions): Promise<SimMeshDevice> {
  const controller = air.createController(o.address ? { address: o.address } : {});
  const deviceType = o.deviceType ?? 'phone';
  const service = new MeshPeripheralService({
    identity: { agentId: o.agentId, meshTokenHash: o.meshTokenHash ?? SIM_MESH_TOKEN_HASH, publicKey: o.publicKey ?? `sim-pk-${o.agentId}` },
    capabilities: {
      model: o.model ?? (deviceType === 'phone' ? 'qwen2.5-coder-1.5b' : 'qwen2.5-coder-7b'),
      modelParamSize: o.modelParamSize ?? (deviceType === 'phone' ? 1.5 : 7),
      memoryMB: o.memoryMB ?? (deviceType === 'phone' ? 6000 : 16000),
      batteryPct: o.batteryPct ?? 100,
      currentLoad: o.currentLoad ?? 0,
      deviceType,
    },
    taskHandler: o.taskHandler ?? echoTaskHandler(o.agentId),
    ledgerHandler: o.ledgerHandler ?? (async (batch) => ({ accepted: batch.transactions.map((t) => t.txId), rejected: [] })),
    bleno: () => createSimBleno(controller),
    name: o.name ?? `EdgeCoder ${o.agentId}`,
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.logger ? { logger: o.logger.child(o.agentId) } : {}),
  });
  await service.start();
  return { kind: 'mesh', agentId: o.agentId, address: controller.address, controller, service, stop: () => service.stop() };
}
