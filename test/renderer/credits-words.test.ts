import { describe, expect, it } from 'vitest';
import { readBackWords, unacknowledgedWords } from '../../src/renderer/panels/credits-words.js';

describe('Credits panel words for encoding v2', () => {
  it('names the device that has not acknowledged answers, and what is not settled', () => {
    expect(unacknowledgedWords({ peerId: 'ec-0123456789abcdef0123', name: 'sim-phone-2', count: 3, credits: 4.2, lastAt: 0 }))
      .toBe('sim-phone-2 has not acknowledged 3 answers (4.2 credits, not settled until it does).');
    expect(unacknowledgedWords({ peerId: 'ec-0123456789abcdef0123', count: 1, credits: 1, lastAt: 0 })).toMatch(/^ec-0123456789abcde… has not acknowledged 1 answer /);
  });

  it('says a charge read back from the coordinator was for a request given up on', () => {
    expect(readBackWords({ peerId: 'ec-1', name: 'sim-phone-2', count: 1, credits: 3, lastAt: 0 }))
      .toBe('Charged by sim-phone-2 for 1 request this computer had given up on: 3 credits (read back from the coordinator).');
  });
});
