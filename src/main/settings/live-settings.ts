import type { Settings } from '../../shared/settings.js';
import type { Logger } from '../core/logger.js';
import type { Service } from '../core/service.js';
import type { SettingsStore } from './settings-store.js';

/** What a settings change is applied to (the real services; narrow views so tests can see the calls). */
export interface LiveSettingsTargets {
  coordinator: {
    client: { setBaseUrl(url: string): void };
    /** null when the identity is unavailable (no registration possible anyway). */
    session: { coordinatorChanged(): void; meshTokenSetByHand(token: string | null): void; capacityChanged(): Promise<void> } | null;
    network: { retarget(prepare: () => void): Promise<unknown> };
  };
  gate: { settingsChanged(): void };
  localApi: { moveTo(port: number): Promise<unknown> };
  /** The GPU setting: a loaded model reloads on the new backend. */
  inference?: { setGpu(gpu: Settings['inference']['gpu']): Promise<void> };
  /** The desktop shell's login item; absent headless (the setting is kept, nothing to apply). */
  startAtLogin?: (enabled: boolean) => void;
  logger: Logger;
}

/** Which parts of the app a change concerns. */
export interface SettingsDelta {
  coordinatorUrl: boolean;
  meshToken: boolean;
  /** Power policy, task limit, serving nearby devices, running code (sandbox.enabled): the admission gate's inputs. */
  gate: boolean;
  localApiPort: boolean;
  startAtLogin: boolean;
  /** The task limit: also told to the coordinator (it registers again). */
  taskLimit: boolean;
  inferenceGpu: boolean;
}

export function settingsDelta(previous: Settings, next: Settings): SettingsDelta {
  return {
    coordinatorUrl: previous.coordinatorUrl !== next.coordinatorUrl,
    meshToken: previous.meshToken !== next.meshToken,
    gate:
      previous.power.runOnlyWhileCharging !== next.power.runOnlyWhileCharging ||
      previous.power.minBatteryPct !== next.power.minBatteryPct ||
      previous.worker.maxConcurrentTasks !== next.worker.maxConcurrentTasks ||
      previous.serveNearbyWhileOn !== next.serveNearbyWhileOn ||
      previous.sandbox.enabled !== next.sandbox.enabled,
    localApiPort: previous.localApi.port !== next.localApi.port,
    startAtLogin: previous.startAtLogin !== next.startAtLogin,
    taskLimit: previous.worker.maxConcurrentTasks !== next.worker.maxConcurrentTasks,
    inferenceGpu: previous.inference.gpu !== next.inference.gpu,
  };
}

/**
 * Applies every settings change while the app runs, so nothing keeps a copy read at start:
 * - a new coordinator address: the client calls it from now on, the session forgets the old
 *   coordinator's token (the next heartbeat registers there), and the network monitor drops the
 *   heartbeat in flight, forgets earlier misses and checks the new one at once;
 * - a mesh token set by hand (not by a registration): the coordinator calls use it (Bluetooth follows
 *   it through its own settings listener);
 * - power, task limit, serving nearby devices: the admission gate decides again now; a new task limit
 *   also registers again, since the coordinator's maximum (which bounds the gate) follows it;
 * - the local API port: the server moves (a busy port leaves it 'failed' with the reason);
 * - start at login: the desktop shell's login item (also applied once at start);
 * - the GPU setting: the loaded model reloads on the GPU or the CPU (running requests finish first).
 * Mode, snooze and the active model have their own services, which read the settings themselves.
 */
export function liveSettings(settings: SettingsStore, targets: LiveSettingsTargets): Service {
  let unsubscribe: (() => void) | null = null;
  const { coordinator, logger } = targets;
  const failed = (what: string) => (err: unknown): void => logger.log('error', 'settings.apply_failed', { what, message: err instanceof Error ? err.message : String(err) });

  const apply = (next: Settings, previous: Settings): void => {
    const delta = settingsDelta(previous, next);
    if (delta.coordinatorUrl) {
      coordinator.network
        .retarget(() => {
          coordinator.client.setBaseUrl(next.coordinatorUrl);
          coordinator.session?.coordinatorChanged();
        })
        .catch(failed('coordinator address'));
    } else if (delta.meshToken) coordinator.session?.meshTokenSetByHand(next.meshToken);
    if (delta.gate) targets.gate.settingsChanged();
    // A new coordinator address registers there anyway, with the new limit.
    if (delta.taskLimit && !delta.coordinatorUrl) void coordinator.session?.capacityChanged();
    if (delta.localApiPort) targets.localApi.moveTo(next.localApi.port).catch(failed('local API port'));
    if (delta.startAtLogin) applyStartAtLogin(next.startAtLogin);
    if (delta.inferenceGpu) targets.inference?.setGpu(next.inference.gpu).catch(failed('GPU setting'));
  };
  const applyStartAtLogin = (enabled: boolean): void => {
    try {
      targets.startAtLogin?.(enabled);
    } catch (err) {
      failed('start at login')(err);
    }
  };

  return {
    name: 'live-settings',
    start: async () => {
      unsubscribe ??= settings.onChange(apply);
      applyStartAtLogin(settings.read().startAtLogin);
    },
    stop: async () => {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
