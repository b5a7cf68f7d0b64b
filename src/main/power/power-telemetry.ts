import os from 'node:os';
import type { PowerTelemetry } from '../coordinator-client/coordinator-schemas.js';
import type { PowerReading } from './power-source.js';

/**
 * What the heartbeat reports about this machine's power and load: battery, charging, thermal state and
 * device type from the power source (the same reading the admission gate uses); CPU and memory measured.
 */
export function readPowerTelemetry(reading: PowerReading): PowerTelemetry {
  const cores = os.availableParallelism();
  const cpuUsagePct = Math.min(100, Math.round((os.loadavg()[0] ?? 0) / cores * 100));
  const memoryUsagePct = Math.round((1 - os.freemem() / os.totalmem()) * 100);
  return {
    onACPower: reading.onACPower,
    batteryPct: reading.batteryPct,
    thermalState: reading.thermalState,
    cpuUsagePct,
    memoryUsagePct,
    deviceType: reading.deviceType,
  };
}
