import { describe, expect, it } from 'vitest';
import { TrayRefresh } from '../../src/main/tray/tray-refresh.js';
import { events } from '../../src/shared/contract.js';

describe('when the tray menu is rebuilt', () => {
  it.each(Object.keys(events).filter((name) => !['models', 'activity', 'peers'].includes(name)))('%s rebuilds it', (name) => {
    expect(new TrayRefresh(3).shouldRebuild(name, 3)).toBe(true);
  });

  it.each<[string, Array<[string, number]>, boolean[]]>([
    // name, events in order with the nearby count after each, rebuilt?
    ['the Model panel list and Activity lines never do', [['models', 0], ['activity', 0]], [false, false]],
    ['peers: only when the count of nearby devices changes', [['peers', 0], ['peers', 1], ['peers', 1], ['peers', 200], ['peers', 200], ['peers', 199]], [false, true, false, true, false, true]],
    ['a count changed under an Activity line is not news to a later peers event', [['activity', 5], ['peers', 5]], [false, false]],
    ['a count change seen with a mode event: the peers event after it rebuilds nothing more', [['mode', 2], ['peers', 2]], [true, false]],
  ])('%s', (_name, sequence, rebuilt) => {
    const refresh = new TrayRefresh();
    expect(sequence.map(([name, peers]) => refresh.shouldRebuild(name, peers))).toEqual(rebuilt);
  });
});
