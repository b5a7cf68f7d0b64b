import { describe, expect, it } from 'vitest';
import { connectDeadlineMs, DEFAULT_QUIET_CONNECT, LinkLosses } from '../../src/main/ble/central/connect-deadline.js';
import type { PeerHearing } from '../../src/main/ble/central/connect-deadline.js';

const NOW = 1_000_000;
const RULE = { ...DEFAULT_QUIET_CONNECT, fullMs: 10_000 };

describe('connectDeadlineMs: a peer gone quiet while we scan gets the short connect deadline', () => {
  const cases: Array<[string, PeerHearing, number]> = [
    ['heard 20 ms ago while scanning', { scanning: true, lastSeen: NOW - 20, linkLostAt: null, now: NOW }, 10_000],
    ['heard 5.9 s ago (a connected peer between RSSI polls)', { scanning: true, lastSeen: NOW - 5_900, linkLostAt: null, now: NOW }, 10_000],
    ['not heard for 6.1 s while scanning', { scanning: true, lastSeen: NOW - 6_100, linkLostAt: null, now: NOW }, 2_500],
    ['not heard for a minute, but not scanning (silence says nothing)', { scanning: false, lastSeen: NOW - 60_000, linkLostAt: null, now: NOW }, 10_000],
    ['link dropped 100 ms ago, not heard since', { scanning: true, lastSeen: NOW - 300, linkLostAt: NOW - 100, now: NOW }, 2_500],
    ['link dropped at the very moment it was last heard', { scanning: true, lastSeen: NOW - 100, linkLostAt: NOW - 100, now: NOW }, 2_500],
    ['link dropped, then heard advertising again', { scanning: true, lastSeen: NOW - 50, linkLostAt: NOW - 100, now: NOW }, 10_000],
    ['link dropped, not heard since, not scanning', { scanning: false, lastSeen: NOW - 300, linkLostAt: NOW - 100, now: NOW }, 10_000],
  ];
  it.each(cases)('%s', (_what, hearing, ms) => {
    expect(connectDeadlineMs(hearing, RULE)).toBe(ms);
  });

  it('the short deadline never exceeds the full one', () => {
    expect(connectDeadlineMs({ scanning: true, lastSeen: 0, linkLostAt: null, now: NOW }, { ...RULE, fullMs: 1_000 })).toBe(1_000);
  });

  it('LinkLosses keeps the last unexpected drop of each peer until forgotten', () => {
    const losses = new LinkLosses();
    expect(losses.lastLoss('a')).toBeNull();
    losses.lost('a', 5);
    losses.lost('a', 9);
    expect(losses.lastLoss('a')).toBe(9);
    losses.forget('a');
    expect(losses.lastLoss('a')).toBeNull();
  });
});
