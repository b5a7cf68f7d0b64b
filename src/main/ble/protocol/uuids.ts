/**
 * GATT UUIDs of the two BLE profiles (DESIGN.md "BLE: two GATT profiles").
 * noble and bleno spell UUIDs lowercase without dashes; humans and CoreBluetooth use the dashed form.
 * Every UUID is exported in both forms: `X.dashed` for documents/logs, `X.noble` for the libraries.
 */
export interface GattUuid {
  /** Canonical dashed, upper-case form, e.g. `E0D6EC00-0001-4C3A-9B5E-00ED6EC0DE00`. */
  readonly dashed: string;
  /** noble / bleno form: lowercase hex, no dashes. */
  readonly noble: string;
}

/** Converts any spelling (dashes anywhere, any case) to noble's form; throws on anything but 128-bit hex. */
export function toNobleUuid(uuid: string): string {
  const hex = uuid.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a 128-bit UUID: ${uuid}`);
  return hex;
}

/** Converts any spelling to the canonical 8-4-4-4-12 upper-case form. */
export function toDashedUuid(uuid: string): string {
  const h = toNobleUuid(uuid).toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function uuid(dashed: string): GattUuid {
  return Object.freeze({ dashed: toDashedUuid(dashed), noble: toNobleUuid(dashed) });
}

/** Mesh profile (seed 000): characteristics replace the second group `0001` of the service UUID. */
const meshUuid = (group: string): GattUuid => uuid(`E0D6EC00-${group}-4C3A-9B5E-00ED6EC0DE00`);

export const MESH_SERVICE = meshUuid('0001');
export const MESH_CHAR = Object.freeze({
  /** Identity JSON (read). */
  identity: meshUuid('0002'),
  /** Capabilities JSON (read, notify on change). */
  capabilities: meshUuid('0003'),
  /** Framed task request (write, write without response). */
  taskRequest: meshUuid('0004'),
  /** Framed task response (notify). */
  taskResponse: meshUuid('0005'),
  /** Framed ledger batch (write); acknowledgement by notify. */
  ledgerSync: meshUuid('0006'),
});

/**
 * Bluetooth Local profile (seed 004; the seed writes `EC0D-0001-EC0D-EC0D-EC0D-EC0D0001EC0D` with
 * non-standard dashes, which is the same 128 bits). Characteristics replace the 16-bit slot `0001` in the
 * first group (bytes 2-3, where Bluetooth puts 16-bit aliases): `EC0D0002-…` request, `0003` response,
 * `0004` status.
 */
const localUuid = (slot: string): GattUuid => uuid(`EC0D${slot}-EC0D-EC0D-EC0D-EC0D0001EC0D`);

export const LOCAL_SERVICE = localUuid('0001');
export const LOCAL_CHAR = Object.freeze({
  /** Request JSON slices (write / write without response). */
  request: localUuid('0002'),
  /** Response JSON slices (notify / read). */
  response: localUuid('0003'),
  /** Status JSON (notify / read). */
  status: localUuid('0004'),
});

export type BleProfile = 'mesh' | 'local';

/** Which profile a service UUID (any spelling) belongs to, or null. */
export function profileOfService(serviceUuid: string): BleProfile | null {
  let n: string;
  try {
    n = toNobleUuid(serviceUuid);
  } catch {
    return null;
  }
  if (n === MESH_SERVICE.noble) return 'mesh';
  if (n === LOCAL_SERVICE.noble) return 'local';
  return null;
}
