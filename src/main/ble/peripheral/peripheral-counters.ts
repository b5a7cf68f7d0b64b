import type { FrameErrorCode } from '../protocol/frame-error.js';

/** What the peripheral service counts; exposed in status() for the dashboard and tests. */
export interface PeripheralCounters {
  connections: number;
  disconnects: number;
  /** Complete task requests accepted and handed to the task handler. */
  requests: number;
  /** Task responses fully notified. */
  responses: number;
  /** Notifications sent on 0005 and 0006 (chunks). */
  chunksSent: number;
  /** Requests refused because one was already in flight on that connection. */
  busy: number;
  taskErrors: number;
  taskTimeouts: number;
  ledgerBatches: number;
  ledgerAcks: number;
  /** Messages dropped because the central had not subscribed to the response characteristic. */
  noSubscriber: number;
  /** Frames / messages dropped, by reason. */
  badFrames: Partial<Record<FrameErrorCode | 'oversize-frame', number>>;
}

export function emptyCounters(): PeripheralCounters {
  return {
    connections: 0, disconnects: 0, requests: 0, responses: 0, chunksSent: 0, busy: 0, taskErrors: 0, taskTimeouts: 0,
    ledgerBatches: 0, ledgerAcks: 0, noSubscriber: 0, badFrames: {},
  };
}

export function countBadFrame(c: PeripheralCounters, code: FrameErrorCode | 'oversize-frame'): void {
  c.badFrames[code] = (c.badFrames[code] ?? 0) + 1;
}

export function copyCounters(c: PeripheralCounters): PeripheralCounters {
  return { ...c, badFrames: { ...c.badFrames } };
}
