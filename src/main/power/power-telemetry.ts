import os from 'node:os';
import type { PowerReading } from './power-source.js';

/** This machine's power and load as the coordinator's heartbeat carries them (its schema checks the same fields). */
export interface PowerTelemetry {
  onACPower: boolean;
  batteryPct: number | null;
  thermalState: PowerReading['thermalState'];
  cpuUsagePct: number;
  memoryUsagePct: number;
  deviceType: PowerReading['deviceType'];
}

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
