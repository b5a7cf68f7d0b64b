import { createHash } from 'node:crypto';
import type { Clock } from '../../main/core/clock.js';
import { systemClock } from '../../main/core/clock.js';
import type { Logger } from '../../main/core/logger.js';
import { Identity } from '../../main/ledger/identity.js';
import { LedgerService } from '../../main/ledger/ledger-service.js';
import { LedgerStore } from '../../main/ledger/ledger-store.js';
import { paidTaskHandler } from '../../main/mesh/paid-task-provider.js';
import { MeshPeripheralService } from '../../main/ble/peripheral/mesh-peripheral-service.js';
import type { LedgerBatchHandler, MeshTaskHandler } from '../../main/ble/peripheral/mesh-exchange.js';
import type { DeviceType } from '../../main/ble/protocol/mesh-schemas.js';
import { createSimBleno } from '../radio/install-sim.js';
import type { SimAir } from '../radio/sim-air.js';
import type { VirtualController } from '../radio/virtual-controller.js';
import { SimRequester } from './sim-requester.js';

export interface MeshDeviceOptions {
  /** Shown as the advertised name (`EdgeCoder <label>`) and seeds the device's Ed25519 key. */
  label?: string;
  /** Default: derived from the key (self-certifying, so a coordinator can settle it unregistered). */
  agentId?: string;
  model?: string;
  /** Billions of parameters. */
  modelParamSize?: number;
  memoryMB?: number;
  batteryPct?: number;
  currentLoad?: number;
  deviceType?: DeviceType;
  /** Mesh token hash (hex); default: sha256('sim-mesh'), the neighbourhood's shared mesh. */
  meshTokenHash?: string;
  /** Default: deterministic echo (see echoTaskHandler). Signed tasks are settled by the device's ledger. */
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
  readonly label: string;
  /** The name it advertises (`EdgeCoder <label>` unless given). */
  readonly name: string;
  readonly address: string;
  readonly controller: VirtualController;
  readonly service: MeshPeripheralService;
  /** The device's own ledger (in memory): what it paid and earned. */
  readonly ledger: LedgerService;
  /** Its central half: asks another agent for work (started on first use). */
  readonly requester: SimRequester;
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
  const label = o.label ?? o.agentId ?? `sim-${deviceType}`;
  const identity = new Identity(createHash('sha256').update(`edgecoder-sim-device:${label}`).digest(), o.agentId);
  const clock = o.clock ?? systemClock;
  const ledger = new LedgerService(identity, LedgerStore.open(':memory:', { selfId: identity.agentId, now: () => clock.now() }));
  const modelParamSize = o.modelParamSize ?? (deviceType === 'phone' ? 1.5 : 7);
  const meshHash = o.meshTokenHash ?? SIM_MESH_TOKEN_HASH;
  const inner = o.taskHandler ?? echoTaskHandler(identity.agentId);
  const name = o.name ?? `EdgeCoder ${label}`;
  const service = new MeshPeripheralService({
    identity: { agentId: identity.agentId, meshTokenHash: meshHash, publicKey: identity.publicKeyHex },
    capabilities: {
      model: o.model ?? (deviceType === 'phone' ? 'qwen2.5-coder-1.5b' : 'qwen2.5-coder-7b'),
      modelParamSize,
      memoryMB: o.memoryMB ?? (deviceType === 'phone' ? 6000 : 16000),
      batteryPct: o.batteryPct ?? 100,
      currentLoad: o.currentLoad ?? 0,
      deviceType,
    },
    taskHandler: paidTaskHandler({
      ledger,
      clock,
      requireIntent: false,
      run: async (request, ctx) => {
        const r = await inner(request, ctx);
        return r.ok
          ? { ok: true, output: r.output ?? '', cpuSeconds: r.cpuSeconds ?? 0, durationMs: r.durationMs ?? 0, paramSize: modelParamSize }
          : { ok: false, error: r.error ?? 'failed' };
      },
    }),
    ledgerHandler: o.ledgerHandler ?? (async (batch) => ({ accepted: batch.transactions.map((t) => t.txId), rejected: [] })),
    bleno: () => createSimBleno(controller),
    name,
    clock,
    ...(o.logger ? { logger: o.logger.child(label) } : {}),
  });
  const requester = new SimRequester({ air, ledger, meshTokenHash: meshHash, clock, ...(o.logger ? { logger: o.logger.child(`${label}.central`) } : {}) });
  try {
    await service.start();
  } catch (err) {
    ledger.store.close();
    throw err;
  }
  return {
    kind: 'mesh', agentId: identity.agentId, label, name, address: controller.address, controller, service, ledger, requester,
    stop: async () => {
      await requester.stop();
      await service.stop();
      ledger.store.close();
    },
  };
}
