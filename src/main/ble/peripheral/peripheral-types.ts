/** Options, state and status snapshot of the mesh peripheral service. */
import type { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { capabilitiesSchema, identitySchema } from '../protocol/mesh-schemas.js';
import type { BlenoSource } from './bleno-loader.js';
import type { LedgerBatchHandler, MeshTaskHandler } from './mesh-exchange.js';
import type { PeripheralCounters } from './peripheral-counters.js';

export type PeripheralState =
  | { kind: 'stopped' }
  | { kind: 'starting' }
  | { kind: 'waiting'; reason: string }
  | { kind: 'advertising' }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'error'; reason: string };

export interface PeripheralStatus {
  state: PeripheralState;
  /** Address of the connected central (bleno serves one at a time), or null. */
  central: string | null;
  taskInFlight: boolean;
  counters: PeripheralCounters;
}

export interface MeshPeripheralOptions {
  identity: z.input<typeof identitySchema>;
  capabilities: z.input<typeof capabilitiesSchema>;
  taskHandler: MeshTaskHandler;
  ledgerHandler?: LedgerBatchHandler;
  /** Default: the real bleno, loaded on start(). Tests pass () => createSimBleno(controller). */
  bleno?: BlenoSource;
  /** Advertised local name (scan response, cut to 29 bytes). */
  name?: string;
  clock?: Clock;
  logger?: Logger;
  taskTimeoutMs?: number;
  ledgerTimeoutMs?: number;
  /** start() resolves after this long even if the adapter is not powered on yet (state 'waiting'). */
  startTimeoutMs?: number;
  maxRequestBytes?: number;
  reassemblyTimeoutMs?: number;
}
