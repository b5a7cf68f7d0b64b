/**
 * Test world for the request router on the real stacks: this computer's BLE central (real noble on the
 * simulated air) with its real SQLite ledger, and nearby devices whose task handlers run real llama.cpp
 * (one shared engine on the tiny alphabet model). Each device's behaviour is switched per test:
 * answer, fail, hang (takes the task and never answers), or drop the link at its first token.
 */
import type { BleCentralService } from '../../src/main/ble/central/index.js';
import type { MeshTaskHandler } from '../../src/main/ble/peripheral/index.js';
import type { PeerRecord } from '../../src/main/ble/central/index.js';
import type { SimAir } from '../../src/sim/radio/sim-air.js';
import type { VirtualController } from '../../src/sim/radio/virtual-controller.js';
import { SIM_MESH_TOKEN_HASH } from '../../src/sim/devices/mesh-device.js';
import type { LocalInferenceHandler } from '../../src/sim/devices/iphone-local-device.js';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { peerCandidate } from '../../src/main/routing/route-candidates.js';
import { rankCandidates } from '../../src/main/routing/router.js';
import type { Ranking, RouteCandidate } from '../../src/main/routing/route-types.js';

export type Behaviour = 'answer' | 'fail' | 'hang' | 'drop';

export class DeviceBehaviours {
  private readonly modes = new Map<string, Behaviour>();
  private readonly hangWaiters = new Map<string, Array<() => void>>();
  private readonly gates = new Set<() => void>();

  constructor(private readonly air: SimAir, private readonly engine: () => InferenceEngine, private readonly central: () => VirtualController) {}

  set(label: string, mode: Behaviour): void {
    this.modes.set(label, mode);
  }

  reset(): void {
    this.modes.clear();
    for (const open of this.gates) open();
    this.gates.clear();
  }

  /** Resolves when `label` has taken a task it will not answer. */
  hanging(label: string): Promise<void> {
    return new Promise((r) => this.hangWaiters.set(label, [...(this.hangWaiters.get(label) ?? []), r]));
  }

  /** A mesh task handler for a device; `controller` is the device's radio (for dropping its link). */
  mesh(label: string, controller: () => VirtualController): MeshTaskHandler {
    return async (request, ctx) => {
      const out = await this.run(label, controller, request.prompt, request.maxTokens, ctx.signal);
      return out.ok ? { ok: true, output: out.output, cpuSeconds: out.cpuSeconds, durationMs: out.durationMs } : { ok: false, error: out.output };
    };
  }

  iphone(label: string, controller: () => VirtualController): LocalInferenceHandler {
    return async (request, ctx) => {
      const out = await this.run(label, controller, request.prompt, request.maxTokens ?? 64, ctx.signal);
      return { ok: out.ok, output: out.output };
    };
  }

  private async run(label: string, controller: () => VirtualController, prompt: string, maxTokens: number, signal: AbortSignal) {
    const mode = this.modes.get(label) ?? 'answer';
    if (mode === 'fail') return { ok: false, output: 'out of memory', cpuSeconds: 0, durationMs: 0 };
    if (mode === 'hang') {
      for (const w of this.hangWaiters.get(label) ?? []) w();
      this.hangWaiters.delete(label);
      await new Promise<void>((resolve) => {
        this.gates.add(resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
      return { ok: false, output: 'gave up', cpuSeconds: 0, durationMs: 0 };
    }
    let dropped = false;
    const r = await this.engine().run({ prompt }, {
      maxTokens, signal,
      onToken: () => {
        if (mode !== 'drop' || dropped) return;
        dropped = true;
        this.air.dropLink(this.central(), controller()); // mid-response: the model is generating
      },
    });
    return { ok: true, output: r.output, cpuSeconds: r.cpuSeconds, durationMs: r.durationMs };
  }
}

/** The app's ranking (peerCandidate over the central's peers, plus this computer), limited to some devices. */
export function rankOver(central: BleCentralService, include: (p: PeerRecord) => boolean, extra: () => RouteCandidate[] = () => []): (model?: string) => Ranking {
  return (model) => rankCandidates(
    [...central.peers().filter(include).map((p) => peerCandidate(p, SIM_MESH_TOKEN_HASH)), ...extra()],
    { now: Date.now(), model },
  );
}
