import net from 'node:net';
import { z } from 'zod';
import type { AttachableAir, SimAir, SimPort } from './sim-air.js';
import type { HostSink } from './virtual-controller.js';

/**
 * Shares one SimAir between processes. The broker process owns the air (all radio logic runs there);
 * each fake socket in another process opens one stream connection and exchanges raw HCI packets.
 * Wire: frames of [u32 BE length][u8 type][payload]; ATTACH/ATTACHED/ERROR carry JSON.
 */
const F_ATTACH = 1;
const F_ATTACHED = 2;
const F_HCI = 3;
const F_FILTER = 4;
const F_UP = 5;
const F_ERROR = 6;
const MAX_FRAME = 64 * 1024;

const attachSchema = z.object({ devId: z.number().int().nonnegative().optional(), address: z.string().optional() });
const attachedSchema = z.object({ devId: z.number().int(), address: z.string(), up: z.boolean() });
const errorSchema = z.object({ code: z.string(), message: z.string() });

function frame(type: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(payload.length + 1, 0);
  head.writeUInt8(type, 4);
  return Buffer.concat([head, payload]);
}

/** Splits a byte stream into frames; a frame over MAX_FRAME ends the connection. */
function frameReader(socket: net.Socket, onFrame: (type: number, payload: Buffer) => void): void {
  let buf = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 4) {
      const len = buf.readUInt32BE(0);
      if (len < 1 || len > MAX_FRAME) {
        socket.destroy(new Error(`air broker: bad frame length ${len}`));
        return;
      }
      if (buf.length < 4 + len) break;
      onFrame(buf[4] ?? 0, buf.subarray(5, 4 + len));
      buf = buf.subarray(4 + len);
    }
  });
}

/** `unix:/path/to.sock` or `tcp:127.0.0.1:port`. */
export type BrokerAddress = string;

export interface AirBroker {
  readonly address: BrokerAddress;
  close(): Promise<void>;
}

/** Serves `air` on a Unix socket (`path`) or loopback TCP (`port`, 0 = any). */
export async function startAirBroker(air: SimAir, where: { path: string } | { port: number }): Promise<AirBroker> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let port: SimPort | null = null;
    let lastUp: boolean | null = null;
    const poll = setInterval(() => {
      const up = port?.isUp() ?? null;
      if (up !== null && up !== lastUp) socket.write(frame(F_UP, Buffer.from([up ? 1 : 0])));
      lastUp = up;
    }, 50);
    poll.unref();
    const sink: HostSink = {
      data: (packet) => socket.writable && socket.write(frame(F_HCI, packet)),
      error: () => undefined, // the remote socket derives write errors from the power state
    };
    frameReader(socket, (type, payload) => {
      if (type === F_ATTACH && !port) {
        const req = attachSchema.safeParse(safeJson(payload));
        try {
          if (!req.success) throw Object.assign(new Error('bad attach request'), { code: 'EINVAL' });
          let devId = req.data.devId;
          if (devId === undefined && req.data.address) {
            const existing = air.list().find((c) => c.address === req.data.address?.toLowerCase());
            devId = (existing ?? air.createController({ address: req.data.address })).devId;
          }
          port = air.attach(devId, sink);
          lastUp = port.isUp();
          const ctrl = air.controller(port.devId);
          socket.write(frame(F_ATTACHED, Buffer.from(JSON.stringify({ devId: ctrl.devId, address: ctrl.address, up: lastUp }))));
        } catch (err) {
          const e = err as NodeJS.ErrnoException;
          socket.end(frame(F_ERROR, Buffer.from(JSON.stringify({ code: e.code ?? 'EIO', message: e.message }))));
        }
      } else if (type === F_HCI) port?.write(Buffer.from(payload));
      else if (type === F_FILTER) port?.setFilter(Buffer.from(payload));
    });
    const release = (): void => {
      clearInterval(poll);
      port?.detach();
      port = null;
      sockets.delete(socket);
    };
    socket.on('close', release);
    socket.on('error', release);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if ('path' in where) server.listen(where.path, resolve);
    else server.listen(where.port, '127.0.0.1', resolve);
  });
  const a = server.address();
  const address = typeof a === 'string' ? `unix:${a}` : `tcp:127.0.0.1:${a?.port ?? 0}`;
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function safeJson(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return null;
  }
}

/** Client side: an AttachableAir whose controllers live in the broker process. */
export class RemoteAir implements AttachableAir {
  private readonly sockets = new Set<net.Socket>();
  private readonly addresses: string[];

  /** `addresses`: addresses for controllers attached without a devId, used in order (else the broker picks). */
  constructor(private readonly broker: BrokerAddress, opts: { addresses?: string[] } = {}) {
    this.addresses = [...(opts.addresses ?? [])];
  }

  attach(devId: number | undefined, sink: HostSink): SimPort {
    const socket = this.broker.startsWith('unix:')
      ? net.connect(this.broker.slice(5))
      : net.connect(Number(this.broker.split(':')[2]), this.broker.split(':')[1] ?? '127.0.0.1');
    this.sockets.add(socket);
    let up = false;
    let attachedId = devId ?? -1;
    const address = devId === undefined ? this.addresses.shift() : undefined;
    socket.write(frame(F_ATTACH, Buffer.from(JSON.stringify({ devId, address }))));
    frameReader(socket, (type, payload) => {
      if (type === F_HCI) sink.data(Buffer.from(payload));
      else if (type === F_UP) up = payload[0] === 1;
      else if (type === F_ATTACHED) {
        const a = attachedSchema.safeParse(safeJson(payload));
        if (a.success) ({ devId: attachedId, up } = a.data);
      } else if (type === F_ERROR) {
        const e = errorSchema.safeParse(safeJson(payload));
        sink.error(Object.assign(new Error(e.success ? e.data.message : 'air broker error'), { code: e.success ? e.data.code : 'EIO' }));
      }
    });
    const down = (): void => {
      up = false;
      this.sockets.delete(socket);
    };
    socket.on('close', down);
    socket.on('error', down);
    return {
      get devId() {
        return attachedId;
      },
      isUp: () => up,
      write: (packet) => {
        if (!up) sink.error(Object.assign(new Error('Network is down'), { code: 'ENETDOWN' }));
        else socket.write(frame(F_HCI, packet));
      },
      setFilter: (filter) => socket.write(frame(F_FILTER, filter)),
      detach: () => socket.end(),
    };
  }

  deviceList(): Array<{ devId: number; devUp: boolean }> {
    return [];
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}

/** Connects this process's fake sockets to a broker: `installSimulatedHci(connectAirBroker(addr))`. */
export function connectAirBroker(broker: BrokerAddress, opts: { addresses?: string[] } = {}): RemoteAir {
  return new RemoteAir(broker, opts);
}
