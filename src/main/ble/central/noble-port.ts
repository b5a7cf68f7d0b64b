/**
 * The slice of @abandonware/noble the central uses, as a port: the real module (loaded lazily, it
 * throws at load where there is no Bluetooth) or a noble instance bound to the simulated controller.
 */
import { createRequire } from 'node:module';

export interface NobleCharacteristic {
  readonly uuid: string;
  readonly properties: readonly string[];
  readAsync(): Promise<Buffer>;
  writeAsync(data: Buffer, withoutResponse: boolean): Promise<void>;
  subscribeAsync(): Promise<void>;
  unsubscribeAsync(): Promise<void>;
  on(event: 'data', listener: (data: Buffer, isNotification: boolean) => void): unknown;
  removeListener(event: 'data', listener: (data: Buffer, isNotification: boolean) => void): unknown;
}

export interface NobleAdvertisement {
  localName?: string;
  serviceUuids?: string[];
}

export interface NoblePeripheral {
  readonly id: string;
  readonly address?: string;
  readonly rssi: number;
  readonly state: string;
  readonly mtu: number | null;
  readonly advertisement: NobleAdvertisement;
  connectAsync(): Promise<void>;
  /** Cancels a pending connect (LE Create Connection Cancel); noble emits a connect error. */
  cancelConnect?(): void;
  disconnectAsync(): Promise<void>;
  updateRssiAsync(): Promise<number>;
  discoverSomeServicesAndCharacteristicsAsync(
    serviceUuids: string[],
    characteristicUuids: string[],
  ): Promise<{ characteristics: NobleCharacteristic[] }>;
  once(event: 'disconnect', listener: (reason?: unknown) => void): unknown;
  removeListener(event: 'disconnect', listener: (reason?: unknown) => void): unknown;
}

export interface NobleLike {
  readonly state: string;
  startScanningAsync(serviceUuids?: string[], allowDuplicates?: boolean): Promise<void>;
  stopScanningAsync(): Promise<void>;
  on(event: 'stateChange', listener: (state: string) => void): unknown;
  on(event: 'discover', listener: (peripheral: NoblePeripheral) => void): unknown;
  on(event: 'scanStop', listener: () => void): unknown;
  removeListener(event: 'stateChange' | 'discover' | 'scanStop', listener: (...args: never[]) => void): unknown;
}

/** Builds the noble instance; may throw (no Bluetooth) or reject. */
export type NobleFactory = () => NobleLike | Promise<NobleLike>;

/** The production factory: requires the real noble singleton on first use. */
export const loadSystemNoble: NobleFactory = () => {
  const require = createRequire(import.meta.url);
  return require('@abandonware/noble') as NobleLike;
};

/** Describes a load failure for the UI ("Bluetooth unavailable: …"). */
export function describeLoadError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
