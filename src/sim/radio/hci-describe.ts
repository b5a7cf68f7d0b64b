import { OP } from './hci-codes.js';

const OP_NAMES = new Map<number, string>(Object.entries(OP).map(([name, code]) => [code, name]));
const EVENT_NAMES: Record<number, string> = {
  0x05: 'DisconnectionComplete', 0x08: 'EncryptionChange', 0x0e: 'CommandComplete', 0x0f: 'CommandStatus',
  0x13: 'NumberOfCompletedPackets', 0x3e: 'LeMeta',
};
const LE_META_NAMES: Record<number, string> = { 0x01: 'ConnectionComplete', 0x02: 'AdvertisingReport', 0x03: 'ConnectionUpdateComplete' };

const opName = (op: number): string => OP_NAMES.get(op) ?? `0x${op.toString(16).padStart(4, '0')}`;

/** One-line human summary of an H4 HCI packet, for capture inspection and logs. */
export function describeHciPacket(p: Buffer): string {
  const type = p[0];
  if (type === 0x01 && p.length >= 4) return `CMD ${opName(p.readUInt16LE(1))} (${p[3]} bytes)`;
  if (type === 0x02 && p.length >= 5) {
    const hf = p.readUInt16LE(1);
    const pb = (hf >> 12) & 0x3;
    const start = pb !== 0x1;
    const l2cap = start && p.length >= 9 ? ` l2cap len=${p.readUInt16LE(5)} cid=0x${p.readUInt16LE(7).toString(16)}` : '';
    return `ACL handle=0x${(hf & 0x0fff).toString(16)} ${start ? 'start' : 'cont'} len=${p.readUInt16LE(3)}${l2cap}`;
  }
  if (type === 0x04 && p.length >= 3) {
    const code = p[1] ?? 0;
    const name = EVENT_NAMES[code] ?? `0x${code.toString(16)}`;
    if (code === 0x0e && p.length >= 7) return `EVT ${name} ${opName(p.readUInt16LE(4))} status=0x${(p[6] ?? 0).toString(16)}`;
    if (code === 0x0f && p.length >= 7) return `EVT ${name} ${opName(p.readUInt16LE(5))} status=0x${(p[3] ?? 0).toString(16)}`;
    if (code === 0x05 && p.length >= 7) return `EVT ${name} handle=0x${p.readUInt16LE(4).toString(16)} reason=0x${(p[6] ?? 0).toString(16)}`;
    if (code === 0x3e && p.length >= 4) return `EVT ${name} ${LE_META_NAMES[p[3] ?? 0] ?? `0x${(p[3] ?? 0).toString(16)}`}`;
    return `EVT ${name}`;
  }
  return `?? ${p.subarray(0, 8).toString('hex')}`;
}
