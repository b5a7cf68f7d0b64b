import { describe, expect, it } from 'vitest';
import { SELF_REASON } from '../../src/main/ble/central/peer-table.js';
import { peerCandidate, selfCandidate, THIS_COMPUTER_ID } from '../../src/main/routing/route-candidates.js';
import { rankCandidates } from '../../src/main/routing/router.js';
import { iphone, NOW, OWN_HASH, record } from './candidate-fixtures.js';

const OTHER_HASH = 'ffffffffffffffff0000000000000000';
const standing = (c: ReturnType<typeof peerCandidate>) => {
  const r = rankCandidates([c], { now: NOW });
  const ranked = r.ranked[0];
  const skipped = r.skipped[0];
  return ranked ? { total: ranked.terms.total, sizeUnknown: ranked.sizeUnknown, code: null } : { total: skipped?.terms?.total ?? null, sizeUnknown: skipped?.sizeUnknown, code: skipped?.reason.code };
};

describe('a nearby mesh peer from the central peer table', () => {
  it('carries what it advertised; the 3B phone at 80 %, load 1, RSSI −70 costs 82', () => {
    const c = peerCandidate(record({ peerId: 'p1', localName: 'sim-phone-1', currentLoad: 1, rssi: -70 }), OWN_HASH);
    expect(c).toMatchObject({ id: 'p1', kind: 'mesh', name: 'sim-phone-1', agentId: 'agent-p1', publicKey: 'pk-p1', model: 'model-3b', paramSize: 3, sameMesh: true, identified: true, modelReady: true });
    expect(standing(c)).toEqual({ total: 82, sizeUnknown: false, code: null });
  });

  it.each([
    ['another mesh', record({ peerId: 'x', meshTokenHash: OTHER_HASH }), OWN_HASH, 'other_mesh'],
    ['reconnection given up', record({ peerId: 'x', link: 'failed' }), OWN_HASH, 'unreachable'],
    ['its own mesh hash in capitals is the same mesh', record({ peerId: 'x', meshTokenHash: OWN_HASH.toUpperCase() }), OWN_HASH, null],
    ['no own token yet: any mesh is accepted', record({ peerId: 'x', meshTokenHash: OTHER_HASH }), null, null],
    ['advertising model "none" (no model chosen)', record({ peerId: 'n', model: 'none', modelParamSize: 0 }), OWN_HASH, 'model_not_ready'],
    ['seen but never identified', record({ peerId: 'u', agentId: null, publicKey: null, meshTokenHash: null, identifiedAt: null, model: null, modelParamSize: null, currentLoad: null }), OWN_HASH, 'not_identified'],
    ['our own peripheral', record({ peerId: 'me', routable: false, notRoutableReason: SELF_REASON }), OWN_HASH, 'own_peripheral'],
    ['unseen for 61 s', record({ peerId: 'old', lastSeen: NOW - 61_000 }), OWN_HASH, 'stale'],
  ])('%s', (_name, rec, hash, code) => {
    expect(standing(peerCandidate(rec, hash)).code).toBe(code);
  });

  it('a peer that did not say its device type is costed as a phone (battery counts)', () => {
    const c = peerCandidate(record({ peerId: 'd', deviceType: null, modelParamSize: 7, batteryPct: 50, rssi: -30 }), OWN_HASH);
    expect(standing(c).total).toBe(25);
  });
});

describe('a Bluetooth Local iPhone', () => {
  it('reporting no model size counts as 0 B and says size unknown: 56 + 0 + 5 + 15 = 76', () => {
    const c = peerCandidate(iphone({ peerId: 'i', rssi: -60, batteryPct: 90 }), OWN_HASH);
    expect(c).toMatchObject({ kind: 'bluetooth-local', deviceType: 'phone', paramSize: null, currentLoad: 0, sameMesh: true, modelReady: true });
    expect(standing(c)).toEqual({ total: 76, sizeUnknown: true, code: null });
  });

  it('busy: one task of load (+20)', () => {
    const c = peerCandidate(iphone({ peerId: 'i', rssi: -60, batteryPct: 90, modelState: 'busy' }), OWN_HASH);
    expect(c.currentLoad).toBe(1);
    expect(standing(c)).toEqual({ total: 96, sizeUnknown: true, code: null });
  });

  it.each(['loading', 'failed', 'unloaded'])('model state %s: not ready, still size unknown', (modelState) => {
    expect(standing(peerCandidate(iphone({ peerId: 'i', modelState }), OWN_HASH))).toMatchObject({ code: 'model_not_ready', sizeUnknown: true });
  });

  it('before its first status: not identified', () => {
    expect(standing(peerCandidate(iphone({ peerId: 'i', modelState: null, identifiedAt: null }), OWN_HASH)).code).toBe('not_identified');
  });
});

describe('this computer', () => {
  it('with a 0.0001B model, 1 running and 1 queued: load 2, no battery or signal term', () => {
    const c = selfCandidate({ readyModel: { name: 'alphabet-tiny', paramSize: 0.0001 }, running: 1, queued: 1, deviceType: 'workstation', now: NOW });
    expect(c).toMatchObject({ id: THIS_COMPUTER_ID, kind: 'this-computer', model: 'alphabet-tiny', currentLoad: 2, rssi: null, batteryPct: null });
    const r = rankCandidates([c], { now: NOW }).ranked[0];
    expect(r?.terms).toMatchObject({ load: 40, battery: 0, signal: 0, total: 95.999 });
  });

  it('without a ready model is a candidate that is skipped, not missing', () => {
    const c = selfCandidate({ readyModel: null, running: 0, queued: 0, deviceType: 'workstation', now: NOW });
    expect(rankCandidates([c], { now: NOW }).skipped[0]?.reason.code).toBe('model_not_ready');
  });
});
