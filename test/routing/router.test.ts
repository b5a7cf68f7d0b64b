import { describe, expect, it } from 'vitest';
import type { SkipCode } from '../../src/shared/routing.js';
import { costTerms, signalTerm } from '../../src/main/routing/route-cost.js';
import { rankCandidates } from '../../src/main/routing/router.js';
import type { RouteCandidate } from '../../src/main/routing/route-types.js';
import { NOW, peer, permutations, thisComputer } from './candidate-fixtures.js';

const rank = (cs: RouteCandidate[], model?: string) => rankCandidates(cs, { now: NOW, ...(model ? { model } : {}) });
const only = (c: RouteCandidate) => {
  const r = rank([c]);
  return { ranked: r.ranked[0], skipped: r.skipped[0] };
};

describe('seed 000 cost, term by term (hand-computed)', () => {
  it.each([
    ['3B phone at 80 %, load 1, RSSI −70', peer({ id: 'p', paramSize: 3, batteryPct: 80, currentLoad: 1, rssi: -70 }), { model: 32, load: 20, battery: 10, signal: 20, total: 82 }],
    ['7B laptop at RSSI −50 (battery 40 % not counted)', peer({ id: 'l', deviceType: 'laptop', batteryPct: 40, rssi: -50 }), { model: 0, load: 0, battery: 0, signal: 10, total: 10 }],
    ['13B workstation: the model term floors at 0', peer({ id: 'w', deviceType: 'workstation', paramSize: 13, rssi: -40 }), { model: 0, load: 0, battery: 0, signal: 5, total: 5 }],
    ['1.5B phone at 60 %, RSSI −65, load 0.5', peer({ id: 'q', paramSize: 1.5, batteryPct: 60, currentLoad: 0.5, rssi: -65 }), { model: 44, load: 10, battery: 20, signal: 17.5, total: 91.5 }],
    ['phone with unknown battery counts as empty', peer({ id: 'u', batteryPct: null, rssi: -30 }), { model: 0, load: 0, battery: 50, signal: 0, total: 50 }],
    ['workstation peer at 10 %: battery only for phones', peer({ id: 'v', deviceType: 'workstation', batteryPct: 10, rssi: -30 }), { model: 0, load: 0, battery: 0, signal: 0, total: 0 }],
  ])('%s', (_name, candidate, terms) => {
    expect(only(candidate).ranked?.terms).toEqual(terms);
  });

  it('values that are not numbers cost as unknown ones (worst case), never NaN', () => {
    const terms = only(peer({ id: 'n', paramSize: Number.NaN, batteryPct: Number.NaN, rssi: Number.NaN })).ranked?.terms;
    expect(terms).toEqual({ model: 56, load: 0, battery: 50, signal: 30, total: 136 });
  });

  it('this computer with a 0.0001B model and 1 queued: 55.9992 + 20, no battery or signal term', () => {
    const r = only(thisComputer({ paramSize: 0.0001, currentLoad: 1, batteryPct: 5, rssi: -100 })).ranked;
    expect(r?.terms.model).toBeCloseTo(55.9992, 6);
    expect(r?.terms).toMatchObject({ load: 20, battery: 0, signal: 0, total: 75.999 });
  });

  it.each([[-30, 0], [-20, 0], [-31, 0.5], [-90, 30], [-100, 30], [null, 30]])('RSSI %s → signal term %s', (rssi, term) => {
    expect(signalTerm(rssi)).toBe(term);
    expect(costTerms({ paramSize: 7, currentLoad: 0, deviceType: 'laptop', batteryPct: null, rssi, local: false }).signal).toBe(term);
  });
});

describe('never routable, each with a reason in words', () => {
  const cases: Array<[string, RouteCandidate, SkipCode]> = [
    ['our own peripheral', peer({ id: 'me', ownPeripheral: true }), 'own_peripheral'],
    ['another mesh', peer({ id: 'x', sameMesh: false }), 'other_mesh'],
    ['unseen for 60.001 s', peer({ id: 's', lastSeenAt: NOW - 60_001 }), 'stale'],
    ['not identified yet', peer({ id: 'n', identified: false }), 'not_identified'],
    ['connection attempts exhausted', peer({ id: 'u', unreachable: true }), 'unreachable'],
    ['model not ready', peer({ id: 'm', modelReady: false }), 'model_not_ready'],
    ['this computer without a model', thisComputer({ modelReady: false, model: null, paramSize: null }), 'model_not_ready'],
    ['negative load (swapping models)', peer({ id: 'neg', currentLoad: -1 }), 'unknown_load'],
    ['unknown load', peer({ id: 'unk', currentLoad: null }), 'unknown_load'],
    ['NaN load', peer({ id: 'nan', currentLoad: Number.NaN }), 'unknown_load'],
    ['cost exactly 200 (7B laptop, load 10, RSSI −30)', peer({ id: 'c', deviceType: 'laptop', currentLoad: 10 }), 'too_costly'],
    ['cost 214 (0B phone at 0 %, load 3.9, RSSI −90)', peer({ id: 'd', paramSize: 0, batteryPct: 0, currentLoad: 3.9, rssi: -90 }), 'too_costly'],
  ];
  it.each(cases)('%s', (_name, candidate, code) => {
    const { ranked, skipped } = only(candidate);
    expect(ranked).toBeUndefined();
    expect(skipped?.reason.code).toBe(code);
    expect(skipped?.reason.message.length).toBeGreaterThan(10);
  });

  it('exactly 200 is skipped with its terms; 199 is ranked', () => {
    expect(only(peer({ id: 'c', deviceType: 'laptop', currentLoad: 10 })).skipped?.terms?.total).toBe(200);
    expect(only(peer({ id: 'c', deviceType: 'laptop', currentLoad: 9.95 })).ranked?.terms.total).toBe(199);
  });

  it('exactly 60 s unseen is still fresh; this computer is never stale', () => {
    expect(only(peer({ id: 'f', lastSeenAt: NOW - 60_000 })).ranked).toBeDefined();
    expect(only(thisComputer({ lastSeenAt: NOW - 3_600_000 })).ranked).toBeDefined();
  });

  it('a reason that applies before costing leaves the terms null', () => {
    expect(only(peer({ id: 'x', sameMesh: false })).skipped?.terms).toBeNull();
  });
});

describe('order', () => {
  const laptop = peer({ id: 'laptop', deviceType: 'laptop', rssi: -50 }); // 10
  const phoneB = peer({ id: 'b-phone', paramSize: 7, batteryPct: 100, rssi: -50 }); // 10
  const phoneA = peer({ id: 'a-phone', paramSize: 7, batteryPct: 80, rssi: -30 }); // 10
  const me = thisComputer({ paramSize: 6, currentLoad: 0.1 }); // 8 + 2 = 10
  const cheap = peer({ id: 'z-cheap', deviceType: 'workstation', rssi: -40 }); // 5

  it('lowest cost first; on equal cost this computer first, then by id, whatever the input order', () => {
    for (const order of permutations([laptop, phoneB, phoneA, me, cheap])) {
      expect(rank(order).ranked.map((r) => r.candidate.id)).toEqual(['z-cheap', 'this-computer', 'a-phone', 'b-phone', 'laptop']);
    }
  });

  it('the skipped list keeps every candidate that was not ranked', () => {
    const r = rank([me, peer({ id: 'gone', lastSeenAt: 0 }), laptop]);
    expect(r.ranked).toHaveLength(2);
    expect(r.skipped.map((s) => s.candidate.id)).toEqual(['gone']);
  });
});

describe('model filter', () => {
  const me = thisComputer({ model: 'qwen-7b' });
  const other = peer({ id: 'p', model: 'llama-3b', paramSize: 3, rssi: -50 });

  it("'auto' (or nothing) takes any model", () => {
    expect(rank([me, other], 'auto').ranked).toHaveLength(2);
    expect(rank([me, other]).ranked).toHaveLength(2);
  });

  it('a named model skips the others as model_mismatch, with their terms', () => {
    const r = rank([me, other], 'llama-3b');
    expect(r.ranked.map((x) => x.candidate.id)).toEqual(['p']);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]).toMatchObject({ reason: { code: 'model_mismatch' }, terms: { total: 0 } });
    expect(r.skipped[0]?.reason.message).toContain('qwen-7b');
  });

  it('a model nobody serves ranks no one', () => {
    expect(rank([me, other], 'mistral').ranked).toEqual([]);
  });
});
