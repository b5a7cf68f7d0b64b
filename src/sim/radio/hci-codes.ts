/**
 * HCI packet types, opcodes and event encoders used by the virtual LE controller. Only what noble
 * 1.9.2-26 and bleno 0.6.2 send or parse (Core spec Vol 4 Part E).
 */
export const PKT_COMMAND = 0x01;
export const PKT_ACL = 0x02;
export const PKT_EVENT = 0x04;

export const EVT_DISCONN_COMPLETE = 0x05;
export const EVT_CMD_COMPLETE = 0x0e;
export const EVT_CMD_STATUS = 0x0f;
export const EVT_NUM_COMPLETED_PACKETS = 0x13;
export const EVT_LE_META = 0x3e;

export const LE_CONN_COMPLETE = 0x01;
export const LE_ADV_REPORT = 0x02;
export const LE_CONN_UPDATE_COMPLETE = 0x03;

export const STATUS_OK = 0x00;
export const STATUS_UNKNOWN_CONNECTION = 0x02;
export const STATUS_COMMAND_DISALLOWED = 0x0c;
export const REASON_CONNECTION_TIMEOUT = 0x08;
export const REASON_LOCAL_HOST_TERMINATED = 0x16;

const op = (ogf: number, ocf: number): number => ocf | (ogf << 10);

export const OP = {
  disconnect: op(0x01, 0x0006),
  setEventMask: op(0x03, 0x0001),
  reset: op(0x03, 0x0003),
  readLeHostSupported: op(0x03, 0x006c),
  writeLeHostSupported: op(0x03, 0x006d),
  readLocalVersion: op(0x04, 0x0001),
  readSupportedCommands: op(0x04, 0x0002),
  readBufferSize: op(0x04, 0x0005),
  readBdAddr: op(0x04, 0x0009),
  readRssi: op(0x05, 0x0005),
  leSetEventMask: op(0x08, 0x0001),
  leReadBufferSize: op(0x08, 0x0002),
  leSetRandomAddress: op(0x08, 0x0005),
  leSetAdvParams: op(0x08, 0x0006),
  leSetAdvData: op(0x08, 0x0008),
  leSetScanRspData: op(0x08, 0x0009),
  leSetAdvEnable: op(0x08, 0x000a),
  leSetScanParams: op(0x08, 0x000b),
  leSetScanEnable: op(0x08, 0x000c),
  leCreateConn: op(0x08, 0x000d),
  leCancelConn: op(0x08, 0x000e),
  leConnUpdate: op(0x08, 0x0013),
  leLtkNegReply: op(0x08, 0x001b),
} as const;

/** Commands answered by Command Status (then a later event) rather than Command Complete. */
export const STATUS_COMMANDS: ReadonlySet<number> = new Set([OP.disconnect, OP.leCreateConn, OP.leConnUpdate]);

/** 'aa:bb:cc:dd:ee:ff' → 6 bytes little-endian as on the wire. */
export function addressToWire(address: string): Buffer {
  return Buffer.from(address.split(':').reverse().join(''), 'hex');
}

export function addressFromWire(bytes: Buffer): string {
  return Buffer.from(bytes).reverse().toString('hex').match(/.{2}/g)?.join(':') ?? '';
}

function event(code: number, params: Buffer): Buffer {
  return Buffer.concat([Buffer.from([PKT_EVENT, code, params.length]), params]);
}

export function commandComplete(opcode: number, status: number, result: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt8(1, 0); // Num_HCI_Command_Packets
  head.writeUInt16LE(opcode, 1);
  head.writeUInt8(status, 3);
  return event(EVT_CMD_COMPLETE, Buffer.concat([head, result]));
}

export function commandStatus(opcode: number, status: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt8(status, 0);
  p.writeUInt8(1, 1);
  p.writeUInt16LE(opcode, 2);
  return event(EVT_CMD_STATUS, p);
}

export function disconnectionComplete(handle: number, reason: number): Buffer {
  const p = Buffer.alloc(4);
  p.writeUInt8(STATUS_OK, 0);
  p.writeUInt16LE(handle, 1);
  p.writeUInt8(reason, 3);
  return event(EVT_DISCONN_COMPLETE, p);
}

export function numCompletedPackets(handle: number, count: number): Buffer {
  const p = Buffer.alloc(5);
  p.writeUInt8(1, 0);
  p.writeUInt16LE(handle, 1);
  p.writeUInt16LE(count, 3);
  return event(EVT_NUM_COMPLETED_PACKETS, p);
}

export interface ConnParams {
  intervalUnits: number;
  latency: number;
  timeoutUnits: number;
}

export function leConnComplete(status: number, handle: number, role: 0 | 1, peerAddress: string, c: ConnParams): Buffer {
  const p = Buffer.alloc(19);
  p.writeUInt8(LE_CONN_COMPLETE, 0);
  p.writeUInt8(status, 1);
  p.writeUInt16LE(handle, 2);
  p.writeUInt8(role, 4);
  p.writeUInt8(0x00, 5); // public peer address
  addressToWire(peerAddress).copy(p, 6);
  p.writeUInt16LE(c.intervalUnits, 12);
  p.writeUInt16LE(c.latency, 14);
  p.writeUInt16LE(c.timeoutUnits, 16);
  p.writeUInt8(0x00, 18);
  return event(EVT_LE_META, p);
}

export function leConnUpdateComplete(handle: number, c: ConnParams): Buffer {
  const p = Buffer.alloc(10);
  p.writeUInt8(LE_CONN_UPDATE_COMPLETE, 0);
  p.writeUInt8(STATUS_OK, 1);
  p.writeUInt16LE(handle, 2);
  p.writeUInt16LE(c.intervalUnits, 4);
  p.writeUInt16LE(c.latency, 6);
  p.writeUInt16LE(c.timeoutUnits, 8);
  return event(EVT_LE_META, p);
}

/** One LE Advertising Report. type: 0 ADV_IND, 2 ADV_SCAN_IND, 3 ADV_NONCONN_IND, 4 SCAN_RSP. */
export function leAdvReport(type: number, address: string, data: Buffer, rssi: number): Buffer {
  const p = Buffer.alloc(12 + data.length);
  p.writeUInt8(LE_ADV_REPORT, 0);
  p.writeUInt8(1, 1);
  p.writeUInt8(type, 2);
  p.writeUInt8(0x00, 3);
  addressToWire(address).copy(p, 4);
  p.writeUInt8(data.length, 10);
  data.copy(p, 11);
  p.writeInt8(Math.max(-127, Math.min(20, Math.round(rssi))), 11 + data.length);
  return event(EVT_LE_META, p);
}
