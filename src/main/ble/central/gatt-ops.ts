/**
 * noble operations, each bounded by a deadline (noble reports no error for a failed write, a lost link
 * mid-operation or a connect to a vanished device) and failing loudly on an empty read.
 */
import type { Clock } from '../../core/clock.js';
import { withDeadline } from '../../core/deadline.js';
import { PeerProtocolError } from './central-errors.js';
import type { NobleCharacteristic, NoblePeripheral } from './noble-port.js';

export interface GattDeadlines {
  connectMs: number;
  discoverMs: number;
  readMs: number;
  writeMs: number;
  subscribeMs: number;
  rssiMs: number;
  disconnectMs: number;
}

export const defaultGattDeadlines: GattDeadlines = {
  connectMs: 10_000,
  discoverMs: 10_000,
  readMs: 5_000,
  writeMs: 5_000,
  subscribeMs: 5_000,
  rssiMs: 3_000,
  disconnectMs: 3_000,
};

export class GattOps {
  constructor(
    private readonly clock: Clock,
    readonly ms: GattDeadlines = defaultGattDeadlines,
  ) {}

  /**
   * noble connects one peripheral at a time and a connect to a device that stopped advertising never
   * settles, blocking every later connect: on timeout/abort the attempt is cancelled at the controller.
   * `ms` shortens the deadline (a peer judged gone, connect-deadline.ts); never above connectMs.
   */
  async connect(peripheral: NoblePeripheral, signal?: AbortSignal, ms?: number): Promise<void> {
    if (peripheral.state === 'connected') return; // a late connection from an earlier attempt: reuse it
    await withDeadline(() => peripheral.connectAsync(), {
      clock: this.clock, ms: Math.min(ms ?? this.ms.connectMs, this.ms.connectMs), operation: `connect ${peripheral.id}`, signal,
      onCancel: () => {
        if (peripheral.state === 'connecting') peripheral.cancelConnect?.();
      },
    });
  }

  async discover(peripheral: NoblePeripheral, serviceUuid: string, charUuids: string[], signal?: AbortSignal): Promise<Map<string, NobleCharacteristic>> {
    const found = await withDeadline(() => peripheral.discoverSomeServicesAndCharacteristicsAsync([serviceUuid], charUuids), {
      clock: this.clock, ms: this.ms.discoverMs, operation: `discover ${peripheral.id}`, signal,
    });
    const map = new Map<string, NobleCharacteristic>();
    for (const c of found.characteristics) map.set(c.uuid.replace(/-/g, '').toLowerCase(), c);
    const missing = charUuids.filter((u) => !map.has(u));
    if (missing.length) throw new PeerProtocolError(peripheral.id, 'missing-characteristic', `missing characteristics ${missing.join(', ')}`);
    return map;
  }

  async read(peerId: string, characteristic: NobleCharacteristic, what: string, signal?: AbortSignal): Promise<Buffer> {
    const data = await withDeadline(() => characteristic.readAsync(), { clock: this.clock, ms: this.ms.readMs, operation: `read ${what} from ${peerId}`, signal });
    // noble resolves a failed read with an empty Buffer.
    if (!data || data.length === 0) throw new PeerProtocolError(peerId, 'empty-read', `read of ${what} returned no data`);
    return data;
  }

  write(peerId: string, characteristic: NobleCharacteristic, data: Buffer, what: string, signal?: AbortSignal): Promise<void> {
    return withDeadline(() => characteristic.writeAsync(data, false), { clock: this.clock, ms: this.ms.writeMs, operation: `write ${what} to ${peerId}`, signal });
  }

  subscribe(peerId: string, characteristic: NobleCharacteristic, what: string, signal?: AbortSignal): Promise<void> {
    return withDeadline(() => characteristic.subscribeAsync(), { clock: this.clock, ms: this.ms.subscribeMs, operation: `subscribe ${what} on ${peerId}`, signal });
  }

  rssi(peripheral: NoblePeripheral, signal?: AbortSignal): Promise<number> {
    return withDeadline(() => peripheral.updateRssiAsync(), { clock: this.clock, ms: this.ms.rssiMs, operation: `rssi ${peripheral.id}`, signal });
  }

  /** Best effort: never throws (a dead link may never confirm the disconnect). */
  async disconnect(peripheral: NoblePeripheral): Promise<void> {
    if (peripheral.state === 'connecting') {
      peripheral.cancelConnect?.();
      return;
    }
    if (peripheral.state !== 'connected') return; // noble would send HCI Disconnect with no handle
    try {
      await withDeadline(() => peripheral.disconnectAsync(), { clock: this.clock, ms: this.ms.disconnectMs, operation: `disconnect ${peripheral.id}` });
    } catch {
      // already gone or unresponsive: the link state is ours to reset either way
    }
  }
}
