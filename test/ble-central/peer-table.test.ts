import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { PeerTable } from '../../src/main/ble/central/index.js';
import type { PeerChange } from '../../src/main/ble/central/index.js';

const HASH = 'aaaaaaaaaaaaaaaa';
const caps = { model: 'm', modelParamSize: 7, memoryMB: 1, batteryPct: 50, currentLoad: 0, deviceType: 'phone' as const };

function make() {
  const clock = new ManualClock();
  const changes: PeerChange[] = [];
  const table = new PeerTable({ clock, meshTokenHash: HASH, onChange: (c) => changes.push(c) });
  return { clock, table, changes };
}

describe('PeerTable', () => {
  it('evicts a peer 60 s after it was last seen, not before', async () => {
    const { clock, table, changes } = make();
    expect(table.seen('p1', 'mesh', -60)).toBe(true);
    await clock.advance(59_999);
    expect(table.get('p1')).toBeDefined();
    await clock.advance(1);
    expect(table.get('p1')).toBeUndefined();
    expect(changes.map((c) => c.kind)).toEqual(['added', 'evicted']);
    expect(clock.pending).toBe(0);
  });

  it('postpones eviction on every sighting and treats a returning peer as new', async () => {
    const { clock, table } = make();
    table.seen('p1', 'mesh', -60);
    await clock.advance(50_000);
    expect(table.seen('p1', 'mesh', -61)).toBe(false);
    await clock.advance(50_000);
    expect(table.get('p1')?.rssi).toBe(-61);
    await clock.advance(10_000);
    expect(table.size).toBe(0);
    expect(table.seen('p1', 'mesh', -50)).toBe(true); // must be identified again
    expect(table.get('p1')?.identifiedAt).toBeNull();
  });

  it('routes only identified peers of the same mesh, and re-flags when the token changes', () => {
    const { table } = make();
    table.seen('a', 'mesh', -60);
    table.seen('b', 'mesh', -60);
    expect(table.get('a')?.routable).toBe(false);
    table.setIdentity('a', { agentId: 'A', meshTokenHash: HASH, publicKey: 'k' });
    table.setCapabilities('a', caps);
    table.setIdentity('b', { agentId: 'B', meshTokenHash: 'bbbbbbbbbbbbbbbb', publicKey: 'k' });
    table.setCapabilities('b', caps);
    expect(table.get('a')).toMatchObject({ routable: true, notRoutableReason: null, model: 'm' });
    expect(table.get('b')).toMatchObject({ routable: false, notRoutableReason: 'different mesh (token hash mismatch)' });
    table.setMeshTokenHash('BBBBBBBBBBBBBBBB');
    expect(table.get('a')?.routable).toBe(false);
    expect(table.get('b')?.routable).toBe(true);
    table.setLink('b', 'failed');
    expect(table.get('b')?.routable).toBe(false);
  });

  it('reports RSSI jitter at most once a second, big moves at once; table always holds the latest', async () => {
    const { clock, table, changes } = make();
    table.seen('a', 'mesh', -60);
    changes.length = 0;
    table.seen('a', 'mesh', -61);
    table.seen('a', 'mesh', -60);
    table.seen('a', 'mesh', -62);
    expect(changes).toHaveLength(1);
    expect(table.get('a')?.rssi).toBe(-62);
    table.seen('a', 'mesh', -70);
    expect(changes.map((c) => c.peer.rssi)).toEqual([-61, -70]);
    await clock.advance(1_000);
    table.seen('a', 'mesh', -71);
    expect(changes.map((c) => c.peer.rssi)).toEqual([-61, -70, -71]);
  });

  it('ignores impossible RSSI values and keeps the last good one', () => {
    const { table } = make();
    table.seen('a', 'local', -70);
    table.seen('a', 'local', 127);
    table.seen('a', 'local', Number.NaN);
    expect(table.get('a')?.rssi).toBe(-70);
  });

  it('makes a Bluetooth Local phone routable once its status is known', () => {
    const { table } = make();
    table.seen('ip', 'local', -50);
    expect(table.get('ip')?.routable).toBe(false);
    table.setLocalStatus('ip', { modelState: 'ready', batteryPct: 80 });
    expect(table.get('ip')).toMatchObject({ routable: true, deviceType: 'phone', batteryPct: 80, modelState: 'ready' });
  });

  it('returns copies: callers cannot change the table', () => {
    const { table } = make();
    table.seen('a', 'mesh', -60);
    const p = table.get('a')!;
    p.rssi = -1;
    expect(table.get('a')?.rssi).toBe(-60);
  });
});
