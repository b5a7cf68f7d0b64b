import { describe, expect, it } from 'vitest';
import { defaultDataDir, parseHeadlessArgs, DEFAULT_PORT } from '../../src/main/headless/args.js';

describe('headless arguments', () => {
  it('defaults, accepts both flag spellings, and resolves the data dir', () => {
    expect(parseHeadlessArgs([]).port).toBe(DEFAULT_PORT);
    expect(parseHeadlessArgs(['--port', '0', '--data-dir', '/tmp/x'])).toEqual({ port: 0, dataDir: '/tmp/x', sim: null, threads: null, mode: null, model: null, apiPort: null });
    expect(parseHeadlessArgs(['--port=8080']).port).toBe(8080);
    expect(parseHeadlessArgs(['--threads', '1']).threads).toBe(1);
  });

  it('--sim uses a default neighbourhood; counts imply --sim', () => {
    expect(parseHeadlessArgs(['--sim']).sim).toEqual({ phones: 3, iphones: 1, laptops: 1, taskEverySec: 0 });
    expect(parseHeadlessArgs(['--sim-phones', '5', '--sim-laptops=0']).sim).toEqual({ phones: 5, iphones: 1, laptops: 0, taskEverySec: 0 });
    expect(parseHeadlessArgs(['--sim-task-every', '2.5']).sim).toEqual({ phones: 3, iphones: 1, laptops: 1, taskEverySec: 2.5 });
  });

  it.each([
    [['--sim-phones', '999'], /--sim-phones must be a number from 0 to 200/],
    [['--sim=yes'], /--sim takes no value/],
    [['--sim-task-every', '-1'], /--sim-task-every must be seconds from 0 to 3600/],
    [['--sim-task-every=soon'], /--sim-task-every must be seconds/],
    [['--port', '-1'], /--port must be a number/],
    [['--port', '70000'], /--port must be a number/],
    [['--port'], /--port needs a value/],
    [['--threads', '0'], /--threads must be a number from 1 to 256/],
    [['--verbose'], /Unknown option "--verbose"/],
  ])('rejects %j with a one-line message', (argv, message) => {
    expect(() => parseHeadlessArgs(argv)).toThrow(message);
  });

  it('uses the folder Electron would use as userData on each OS', () => {
    expect(defaultDataDir('darwin', {}, '/Users/a')).toBe('/Users/a/Library/Application Support/EdgeCoder Runner');
    expect(defaultDataDir('linux', {}, '/home/a')).toBe('/home/a/.config/EdgeCoder Runner');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a')).toContain('EdgeCoder Runner');
  });
});
