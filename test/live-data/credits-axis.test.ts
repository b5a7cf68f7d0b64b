import { describe, expect, it } from 'vitest';
import { timeAxis } from '../../src/renderer/panels/credits-axis.js';
import { PeerNameBook } from '../../src/main/app/peer-names.js';

const HOUR = 3_600_000;
const t0 = new Date(2025, 4, 12, 9, 17).getTime();
const distinct = (labels: string[]): boolean => new Set(labels).size === labels.length;

describe('credits chart time axis', () => {
  it('within a day: hour ticks, every label different', () => {
    const axis = timeAxis([t0, t0 + HOUR, t0 + 5 * HOUR, t0 + 9 * HOUR]);
    const labels = axis.ticks.map(axis.format);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
    expect(distinct(labels)).toBe(true);
    expect(axis.ticks.every((t) => new Date(t).getMinutes() === 0)).toBe(true);
  });

  it('across days: day ticks named by date, every label different', () => {
    const axis = timeAxis([t0, t0 + 30 * HOUR, t0 + 80 * HOUR]);
    const labels = axis.ticks.map(axis.format);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(3);
    expect(distinct(labels)).toBe(true);
    expect(axis.ticks.every((t) => new Date(t).getHours() === 0)).toBe(true);
  });

  it('one hourly bucket still gets several different ticks', () => {
    const axis = timeAxis([t0]);
    const labels = axis.ticks.map(axis.format);
    expect(axis.ticks.length).toBeGreaterThanOrEqual(2);
    expect(distinct(labels)).toBe(true);
  });
});

describe('PeerNameBook', () => {
  it('names per-device totals by the advertised name and forgets the oldest past its limit', () => {
    const book = new PeerNameBook(2);
    book.learn([{ agentId: 'agent-a', localName: 'EdgeCoder Pixel' }, { agentId: null, localName: 'unidentified' }, { agentId: 'agent-b', localName: 'EdgeCoder Mac' }]);
    const total = { earned: 1, spent: 0, count: 1, lastAt: 0 };
    const report = book.nameReport({
      agentId: 'me', balance: { earned: 1, spent: 0, net: 1, pending: 1, synced: 0, pendingCount: 1, syncedCount: 0, rejectedCount: 0 },
      sync: { state: 'idle', lastResult: null, nextRetryAt: null }, series: [],
      peers: [{ peerId: 'agent-a', ...total }, { peerId: 'agent-z', ...total }],
    });
    expect(report.peers.map((p) => p.name)).toEqual(['EdgeCoder Pixel', undefined]);
    book.learn([{ agentId: 'agent-c', localName: 'EdgeCoder iPad' }]);
    expect([book.nameOf('agent-a'), book.nameOf('agent-b'), book.nameOf('agent-c')]).toEqual([null, 'EdgeCoder Mac', 'EdgeCoder iPad']);
  });
});
