import { describe, expect, it } from 'vitest';
import { parseHeadlessArgs } from '../../src/main/headless/args.js';
import { splitSimArgs } from '../../src/sim/host/sim-args.js';

describe('the simulator\'s flags (npm run headless -- --sim … from a source checkout)', () => {
  it('--sim uses a default neighbourhood; counts imply --sim', () => {
    expect(splitSimArgs(['--sim']).sim).toEqual({ phones: 3, iphones: 1, laptops: 1, taskEverySec: 0 });
    expect(splitSimArgs(['--sim-phones', '5', '--sim-laptops=0']).sim).toEqual({ phones: 5, iphones: 1, laptops: 0, taskEverySec: 0 });
    expect(splitSimArgs(['--sim-task-every', '2.5']).sim).toEqual({ phones: 3, iphones: 1, laptops: 1, taskEverySec: 2.5 });
    expect(splitSimArgs(['--sim-rssi-wobble']).sim).toEqual({ phones: 3, iphones: 1, laptops: 1, taskEverySec: 0, rssiWobble: true });
    expect(splitSimArgs(['--port', '0']).sim).toBeNull();
  });

  it('leaves the other flags, in order, for the shipped host\'s parser (which would refuse a sim flag)', () => {
    const { sim, rest } = splitSimArgs(['--port', '0', '--sim', '--sim-phones=2', '--mode', 'bluetooth-local', '--sim-iphones', '0', '--threads=1']);
    expect(sim).toEqual({ phones: 2, iphones: 0, laptops: 1, taskEverySec: 0 });
    expect(rest).toEqual(['--port', '0', '--mode', 'bluetooth-local', '--threads=1']);
    expect(parseHeadlessArgs(rest)).toMatchObject({ port: 0, mode: 'bluetooth-local', threads: 1 });
  });

  it.each([
    [['--sim-phones', '999'], /--sim-phones must be a number from 0 to 200/],
    [['--sim=yes'], /--sim takes no value/],
    [['--sim-task-every', '-1'], /--sim-task-every must be seconds from 0 to 3600/],
    [['--sim-task-every=soon'], /--sim-task-every must be seconds/],
    [['--sim-phones'], /--sim-phones needs a value/],
    [['--sim-robots', '3'], /Unknown simulator option "--sim-robots"/],
  ])('rejects %j with a one-line message', (argv, message) => {
    expect(() => splitSimArgs(argv)).toThrow(message);
  });
});
