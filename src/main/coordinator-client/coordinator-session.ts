import os from 'node:os';
import type { Logger } from '../core/logger.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { BackendInfo } from '../../shared/models-status.js';
import type { CallOptions, CoordinatorClient } from './coordinator-client.js';
import { needsRegistration } from './coordinator-errors.js';
import { heartbeatInference } from './coordinator-schemas.js';
import { signRegistration } from './registration-proof.js';
import { SharedCall } from './shared-call.js';
import type { BleSyncReply, BleSyncRequest, CoordinatorPolicy, PowerTelemetry, SettledReply, SettledRequest } from './coordinator-schemas.js';

/** Who this worker is to the coordinator (the ledger's Ed25519 identity provides it). */
export interface AgentCredentials {
  readonly agentId: string;
  readonly publicKeyPem: string;
  /** Signs with the agent's key (the registration proof). */
  sign(message: Buffer): Buffer;
}

export interface ActiveModelInfo {
  name: string;
  paramSize: number;
  /** Where it runs (sent with the heartbeat); absent when unknown. */
  backend?: BackendInfo | null;
}

/**
 * This worker's standing with the coordinator: registers (publishing its Ed25519 public key with a
 * signature that proves it holds the key) when it has no mesh token, the coordinator forgot it, or asks
 * for the agent token a registration issues (the client keeps that token in memory and sends it on every
 * call; a new run registers at its first call). Keeps the mesh token in settings, and sends
 * heartbeats with power telemetry. Every authenticated call the app makes (the heartbeat, the ledger
 * sync) goes through `authenticated()`: a 401 that registering fixes (needsRegistration) registers
 * once, shared by concurrent callers, and retries the call once. The network monitor uses the
 * heartbeat as its reachability probe; the ledger's sync engine uses `bleSync`.
 */
export class CoordinatorSession {
  private registering: SharedCall<void> | null = null;
  private registrations = 0;
  /** What the coordinator was told at registration is out of date (the task limit changed). */
  private registrationStale = false;
  /** Bumped by every task-limit change; a registration clears `registrationStale` only if none came while it was on the wire. */
  private capacityVersion = 0;

  constructor(
    private readonly deps: {
      client: CoordinatorClient;
      identity: AgentCredentials;
      settings: SettingsStore;
      version: string;
      telemetry: () => PowerTelemetry;
      activeModel: () => ActiveModelInfo | null;
      /** The policy a register or heartbeat reply carries (replies without one keep the last). */
      onPolicy?: (policy: CoordinatorPolicy) => void;
      logger: Logger;
      /** Wall clock for the registration proof (the coordinator checks it within a skew window). */
      now?: () => number;
    },
  ) {
    const saved = deps.settings.read().meshToken;
    if (saved && !deps.client.token) deps.client.setMeshToken(saved);
  }

  heartbeat(signal: AbortSignal): Promise<void> {
    return this.authenticated((s) => this.sendHeartbeat(s), signal);
  }

  /** POST /credits/ble-sync for the sync engine, recovering from a forgotten registration like the heartbeat. */
  settled(body: SettledRequest, opts: CallOptions = {}): Promise<SettledReply> {
    return this.authenticated((signal) => this.deps.client.settled(body, { ...opts, signal }), opts.signal);
  }

  bleSync(body: BleSyncRequest, opts: CallOptions = {}): Promise<BleSyncReply> {
    return this.authenticated((signal) => this.deps.client.bleSync(body, { ...opts, signal }), opts.signal);
  }

  /** Runs an authenticated call; registers first when there is no token, and once more on a 401 that registering fixes. */
  async authenticated<T>(call: (signal: AbortSignal | undefined) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (!this.deps.client.token || this.registrationStale) await this.register(signal);
    const tokenUsed = this.deps.client.token;
    const registrationsBefore = this.registrations;
    try {
      return await call(signal);
    } catch (err) {
      if (!needsRegistration(err)) throw err;
      // Another call registered while this one was on the wire: its retry needs no registration of its own.
      if (this.registrations === registrationsBefore && this.deps.client.token === tokenUsed) {
        this.deps.logger.log('info', 'coordinator.reregister', { reason: err instanceof Error ? err.message : String(err) });
        await this.register(signal);
      } else await this.registering?.join(signal);
      return call(signal);
    }
  }

  /**
   * One registration at a time: a heartbeat and a sync that both hit a 401 share it. A caller that
   * aborts stops waiting; the registration itself is cancelled only when every caller has.
   */
  register(signal?: AbortSignal): Promise<void> {
    const shared = (this.registering ??= new SharedCall((s) => this.sendRegistration(s), () => {
      this.registering = null;
    }));
    return shared.join(signal);
  }

  /** Registers again (the swarm worker calls this after a 401: the coordinator forgot this agent or its token changed). */
  async reregister(signal: AbortSignal): Promise<void> {
    await this.register(signal);
  }

  /**
   * The coordinator's address changed: the token it issued means nothing to the new one, so the next
   * authenticated call (the next heartbeat) registers first. The saved token stays until that
   * registration replaces it (Bluetooth keeps its mesh meanwhile).
   */
  coordinatorChanged(): void {
    this.deps.client.forgetMeshToken();
    this.deps.logger.log('info', 'coordinator.address_changed', { address: this.deps.client.address });
  }

  /**
   * The task limit changed. The coordinator learns it only from a registration, and its policy then
   * echoes the new maximum (which bounds the admission gate), so register again: at once if this
   * agent is registered, otherwise at the next heartbeat. Offline, the next heartbeat retries.
   */
  async capacityChanged(): Promise<void> {
    this.capacityVersion++;
    this.registrationStale = true;
    if (!this.deps.client.token) return;
    try {
      // A registration already on the wire carries the old limit: let it finish, then send the new one.
      await this.registering?.join().catch(() => undefined);
      if (this.registrationStale) await this.register();
    } catch (err) {
      this.deps.logger.log('info', 'coordinator.reregister_deferred', { reason: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The mesh token was set (or cleared) by hand: calls use it now; cleared means register again. */
  meshTokenSetByHand(token: string | null): void {
    if (token === this.deps.client.token) return;
    if (token) this.deps.client.setMeshToken(token);
    else this.deps.client.forgetMeshToken();
  }

  get agentId(): string {
    return this.deps.identity.agentId;
  }

  private async sendHeartbeat(signal: AbortSignal | undefined): Promise<void> {
    const model = this.deps.activeModel();
    const reply = await this.deps.client.heartbeat(
      {
        agentId: this.deps.identity.agentId,
        powerTelemetry: this.deps.telemetry(),
        activeModel: model?.name ?? null,
        activeModelParamSize: model?.paramSize ?? null,
        modelSwapInProgress: false,
        ...(model?.backend ? { inference: heartbeatInference(model.backend) } : {}),
      },
      signal ? { signal } : {},
    );
    if (reply.policy) this.deps.onPolicy?.(reply.policy);
  }

  private async sendRegistration(signal: AbortSignal | undefined): Promise<void> {
    const { client, identity, settings } = this.deps;
    const versionSent = this.capacityVersion;
    const reply = await client.register(
      {
        agentId: identity.agentId,
        os: `${os.platform()}-${os.arch()}`,
        version: this.deps.version,
        mode: 'swarm-only',
        localModelProvider: 'node-llama-cpp',
        clientType: 'edgecoder-runner-desktop',
        maxConcurrentTasks: settings.read().worker.maxConcurrentTasks,
        powerTelemetry: this.deps.telemetry(),
        publicKeyPem: identity.publicKeyPem,
        proof: signRegistration(identity, (this.deps.now ?? Date.now)()),
      },
      signal ? { signal } : {},
    );
    if (!reply.accepted) throw new Error('The coordinator did not accept this agent');
    if (reply.policy) this.deps.onPolicy?.(reply.policy);
    this.registrations++;
    if (versionSent === this.capacityVersion) this.registrationStale = false;
    // Settings listeners (Bluetooth) apply a new mesh token at once.
    if (reply.meshToken && reply.meshToken !== settings.read().meshToken) settings.update({ meshToken: reply.meshToken });
    this.deps.logger.log('info', 'coordinator.registered', { agentId: identity.agentId });
  }
}
