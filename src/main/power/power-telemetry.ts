import os from 'node:os';
import type { PowerTelemetry } from '../coordinator-client/coordinator-schemas.js';

/**
 * What the heartbeat reports about this machine's power and load. CPU and memory are measured; battery
 * and thermal state come from a platform power source when one is plugged in (none yet: a desktop with
 * no battery reading reports AC power, no battery figure and a nominal thermal state).
 */
export interface PowerSource {
  read(): { onACPower: boolean; batteryPct: number | null; thermalState: PowerTelemetry['thermalState'] };
}

export const mainsPower: PowerSource = { read: () => ({ onACPower: true, batteryPct: null, thermalState: 'nominal' }) };

export function readPowerTelemetry(source: PowerSource, deviceType: PowerTelemetry['deviceType'] = 'workstation'): PowerTelemetry {
  const cores = os.availableParallelism();
  const cpuUsagePct = Math.min(100, Math.round((os.loadavg()[0] ?? 0) / cores * 100));
  const memoryUsagePct = Math.round((1 - os.freemem() / os.totalmem()) * 100);
  return { ...source.read(), cpuUsagePct, memoryUsagePct, deviceType };
}
