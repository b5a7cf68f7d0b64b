import { describe, expect, it } from 'vitest';
import { activityKind } from '../../src/main/app/activity-kind.js';
import { ActivityEntrySchema, activityKinds, type ActivityKind } from '../../src/shared/snapshot.js';

describe('activityKind', () => {
  it('an info line keeps the topic its caller named', () => {
    for (const topic of activityKinds) expect(activityKind('info', topic)).toBe(topic);
  });

  it.each<[ActivityKind, ActivityKind]>([
    ['tasks', 'problems'], ['credits', 'problems'], ['models', 'problems'], ['mode', 'problems'], ['other', 'problems'], ['problems', 'problems'],
    ['network', 'network'],
  ])('a warning or error about %s files under %s', (topic, expected) => {
    expect(activityKind('warn', topic)).toBe(expected);
    expect(activityKind('error', topic)).toBe(expected);
  });

  it('an entry written before kinds existed reads as "other"', () => {
    expect(ActivityEntrySchema.parse({ at: 1, level: 'info', message: 'old' }).kind).toBe('other');
    expect(() => ActivityEntrySchema.parse({ at: 1, level: 'info', message: 'x', kind: 'gossip' })).toThrow();
  });
});
