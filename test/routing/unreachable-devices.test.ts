import { describe, expect, it } from 'vitest';
import { rankCandidates } from '../../src/main/routing/router.js';
import { UnreachableDevices } from '../../src/main/routing/unreachable-devices.js';
import { NOW, peer, thisComputer } from './candidate-fixtures.js';

const ids = (xs: Array<{ candidate: { id: string } }>): string[] => xs.map((x) => x.candidate.id);

describe('UnreachableDevices: a device that went away is tried last until heard from again', () => {
  const laptop = peer({ id: 'laptop', deviceType: 'laptop', paramSize: 7, lastSeenAt: NOW - 2_000 });
  const phone = peer({ id: 'phone', paramSize: 1.5, lastSeenAt: NOW - 1_000 });
  const ranked = rankCandidates([phone, laptop], { now: NOW }).ranked;

  it('a timeout or a lost link moves the device after the others; a refusal or a failed answer does not', () => {
    expect(ids(ranked)).toEqual(['laptop', 'phone']);
    const gone = new UnreachableDevices();
    gone.note(laptop, 'failed', NOW);
    gone.note(laptop, 'refused', NOW);
    expect(ids(gone.order(ranked, NOW))).toEqual(['laptop', 'phone']);
    gone.note(laptop, 'link-lost', NOW);
    expect(ids(gone.order(ranked, NOW + 5_000))).toEqual(['phone', 'laptop']);
    const timedOut = new UnreachableDevices();
    timedOut.note(laptop, 'timeout', NOW);
    expect(timedOut.isUnreachable(laptop, NOW + 1)).toBe(true);
  });

  it('heard from after the failure (a newer lastSeenAt), served, or forgotten after the window: first again', () => {
    const gone = new UnreachableDevices(60_000);
    gone.note(laptop, 'link-lost', NOW);
    expect(gone.isUnreachable({ id: 'laptop', lastSeenAt: NOW + 1 }, NOW + 2)).toBe(false);
    expect(gone.isUnreachable(laptop, NOW + 2)).toBe(false); // the mark was cleared, not just skipped

    gone.note(laptop, 'timeout', NOW);
    gone.note(laptop, 'served', NOW + 10);
    expect(gone.isUnreachable(laptop, NOW + 20)).toBe(false);

    gone.note(laptop, 'timeout', NOW);
    expect(gone.isUnreachable(laptop, NOW + 60_000)).toBe(true);
    expect(gone.isUnreachable(laptop, NOW + 60_001)).toBe(false);
  });

  it('a timeout cut short by the overall deadline does not mark the device: it was slow, not gone', () => {
    const gone = new UnreachableDevices();
    gone.note(laptop, 'timeout', NOW, true);
    expect(gone.isUnreachable(laptop, NOW + 1)).toBe(false);
    gone.note(laptop, 'link-lost', NOW, true);
    expect(gone.isUnreachable(laptop, NOW + 1)).toBe(true);
  });

  it('this computer is never marked (its failures are not about being nearby)', () => {
    const gone = new UnreachableDevices();
    const self = thisComputer();
    gone.note(self, 'timeout', NOW);
    expect(gone.isUnreachable(self, NOW + 1)).toBe(false);
  });
});
