import os from 'node:os';
import type { Identity } from '../ledger/identity.js';
import type { Logger } from '../core/logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { CoordinatorClient } from './coordinator-client.js';
import { AgentNotRegisteredError } from './coordinator-errors.js';
import type { PowerTelemetry } from './coordinator-schemas.js';

export interface ActiveModelInfo {
  name: string;
  paramSize: number;
}

/**
 * This worker's standing with the coordinator: registers (publishing its Ed25519 public key) when it
 * has no mesh token or the coordinator forgot it (401 agent_not_registered after a restart), keeps the
 * mesh token in settings, and sends heartbeats with power telemetry. The network monitor uses the
 * heartbeat as its reachability probe.
 */
export class CoordinatorSession {
  constructor(
    private readonly deps: {
      client: CoordinatorClient;
      identity: Identity;
      settings: SettingsStore;
      version: string;
      telemetry: () => PowerTelemetry;
      activeModel: () => ActiveModelInfo | null;
      logger: Logger;
    },
  ) {
    const saved = deps.settings.read().meshToken;
    if (saved && !deps.client.token) deps.client.setMeshToken(saved);
  }

  async heartbeat(signal: AbortSignal): Promise<void> {
    if (!this.deps.client.token) await this.register(signal);
    try {
      await this.sendHeartbeat(signal);
    } catch (err) {
      if (!(err instanceof AgentNotRegisteredError)) throw err;
      this.deps.logger.log('info', 'coordinator.reregister', { reason: err.message });
      await this.register(signal);
      await this.sendHeartbeat(signal);
    }
  }

  /** Registers again (the swarm worker calls this after a 401: the coordinator forgot this agent or its token changed). */
  async reregister(signal: AbortSignal): Promise<void> {
    await this.register(signal);
  }

  get agentId(): string {
    return this.deps.identity.agentId;
  }

  private async sendHeartbeat(signal: AbortSignal): Promise<void> {
    const model = this.deps.activeModel();
    await this.deps.client.heartbeat(
      {
        agentId: this.deps.identity.agentId,
        powerTelemetry: this.deps.telemetry(),
        activeModel: model?.name ?? null,
        activeModelParamSize: model?.paramSize ?? null,
        modelSwapInProgress: false,
      },
      { signal },
    );
  }

  private async register(signal: AbortSignal): Promise<void> {
    const { client, identity, settings } = this.deps;
    const reply = await client.register(
      {
        agentId: identity.agentId,
        os: `${os.platform()}-${os.arch()}`,
        version: this.deps.version,
        mode: 'swarm-only',
        localModelProvider: 'node-llama-cpp',
        clientType: 'edgecoder-runner-desktop',
        maxConcurrentTasks: 1,
        powerTelemetry: this.deps.telemetry(),
        publicKeyPem: identity.publicKeyPem,
      },
      { signal },
    );
    if (!reply.accepted) throw new Error('The coordinator did not accept this agent');
    if (reply.meshToken && reply.meshToken !== settings.read().meshToken) settings.update({ meshToken: reply.meshToken });
    this.deps.logger.log('info', 'coordinator.registered', { agentId: identity.agentId });
  }
}
