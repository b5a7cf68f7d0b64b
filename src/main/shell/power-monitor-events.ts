import { powerMonitor } from 'electron';
import type { PowerHint } from '../power/system-power-source.js';

/** A CPU speed limit at or below this (percent) means the OS throttles hard for heat: treated as serious. */
const THROTTLED_LIMIT_PCT = 50;

/**
 * Pushes Electron's powerMonitor events into the system power source, so unplugging holds the worker
 * at once instead of at the next 60 s poll, and macOS's thermal state (which systeminformation does
 * not read) reaches the power policy. Returns the unsubscribe.
 */
export function watchPowerMonitor(source: { hint(hint: PowerHint): void }): () => void {
  const onAc = (): void => source.hint({ onACPower: true });
  const onBattery = (): void => source.hint({ onACPower: false });
  const onThermal = (details: { state: string }): void => {
    const s = details.state;
    source.hint({ thermalState: s === 'fair' || s === 'serious' || s === 'critical' ? s : 'nominal' });
  };
  const onSpeedLimit = (details: { limit: number }): void => {
    source.hint({ thermalState: details.limit <= THROTTLED_LIMIT_PCT ? 'serious' : details.limit < 100 ? 'fair' : 'nominal' });
  };
  powerMonitor.on('on-ac', onAc);
  powerMonitor.on('on-battery', onBattery);
  powerMonitor.on('thermal-state-change', onThermal);
  // macOS reports its thermal state itself; elsewhere (Windows) the CPU speed limit stands in for it.
  if (process.platform === 'darwin') onThermal({ state: powerMonitor.getCurrentThermalState() });
  else powerMonitor.on('speed-limit-change', onSpeedLimit);
  return () => {
    powerMonitor.off('on-ac', onAc);
    powerMonitor.off('on-battery', onBattery);
    powerMonitor.off('thermal-state-change', onThermal);
    powerMonitor.off('speed-limit-change', onSpeedLimit);
  };
}
