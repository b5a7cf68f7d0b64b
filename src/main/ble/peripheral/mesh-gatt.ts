import { MESH_CHAR, MESH_SERVICE } from '../protocol/uuids.js';
import type { Bleno } from './bleno-loader.js';
import type { Subscriber } from './central-session.js';

type PrimaryService = InstanceType<Bleno['PrimaryService']>;

/** What the mesh GATT table calls into; the service routes each call to the current central's session. */
export interface MeshGattHandlers {
  identity(): Buffer;
  capabilities(): Buffer;
  subscribe(which: 'capabilities' | 'response' | 'ledger', sub: Subscriber | null): void;
  taskRequestWrite(data: Buffer, withoutResponse: boolean): void;
  ledgerWrite(data: Buffer): void;
}

/**
 * The mesh profile's primary service: 0002 identity (read), 0003 capabilities (read, notify),
 * 0004 task request (write, write without response), 0005 task response (notify), 0006 ledger sync
 * (write, notify). Writes always answer success: noble never settles a write that gets an ATT error,
 * so refusals are counted and dropped here, and reported (when an id is known) on the response path.
 */
export function buildMeshService(bleno: Bleno, h: MeshGattHandlers): PrimaryService {
  const { Characteristic, PrimaryService } = bleno;
  const readable = (read: () => Buffer) => (offset: number, cb: (result: number, data?: Buffer) => void): void => {
    const value = read();
    if (offset > value.length) cb(Characteristic.RESULT_INVALID_OFFSET);
    else cb(Characteristic.RESULT_SUCCESS, value.subarray(offset));
  };
  const notifiable = (which: 'capabilities' | 'response' | 'ledger') => ({
    onSubscribe: (maxValueSize: number, update: (data: Buffer) => void) => h.subscribe(which, { maxValueSize, update }),
    onUnsubscribe: () => h.subscribe(which, null),
  });
  const written = (fn: (data: Buffer, withoutResponse: boolean) => void) =>
    (data: Buffer, _offset: number, withoutResponse: boolean, cb: (result: number) => void): void => {
      fn(Buffer.from(data), withoutResponse);
      if (!withoutResponse) cb(Characteristic.RESULT_SUCCESS);
    };
  return new PrimaryService({
    uuid: MESH_SERVICE.noble,
    characteristics: [
      new Characteristic({ uuid: MESH_CHAR.identity.noble, properties: ['read'], onReadRequest: readable(h.identity) }),
      new Characteristic({
        uuid: MESH_CHAR.capabilities.noble,
        properties: ['read', 'notify'],
        onReadRequest: readable(h.capabilities),
        ...notifiable('capabilities'),
      }),
      new Characteristic({
        uuid: MESH_CHAR.taskRequest.noble,
        properties: ['write', 'writeWithoutResponse'],
        onWriteRequest: written((d, wr) => h.taskRequestWrite(d, wr)),
      }),
      new Characteristic({ uuid: MESH_CHAR.taskResponse.noble, properties: ['notify'], ...notifiable('response') }),
      new Characteristic({
        uuid: MESH_CHAR.ledgerSync.noble,
        properties: ['write', 'notify'],
        onWriteRequest: written((d) => h.ledgerWrite(d)),
        ...notifiable('ledger'),
      }),
    ],
  });
}

/** Cuts a local name to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function fitName(name: string, maxBytes: number): string {
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > maxBytes) break;
    out += ch;
  }
  return out.trimEnd();
}
