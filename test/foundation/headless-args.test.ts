import { describe, expect, it } from 'vitest';
import { defaultDataDir, parseHeadlessArgs, DEFAULT_PORT } from '../../src/main/headless/args.js';

describe('headless arguments', () => {
  it('defaults, accepts both flag spellings, and resolves the data dir', () => {
    expect(parseHeadlessArgs([]).port).toBe(DEFAULT_PORT);
    expect(parseHeadlessArgs(['--port', '0', '--data-dir', '/tmp/x'])).toEqual({ port: 0, dataDir: '/tmp/x', threads: null, mode: null, model: null, apiPort: null });
    expect(parseHeadlessArgs(['--port=8080']).port).toBe(8080);
    expect(parseHeadlessArgs(['--threads', '1']).threads).toBe(1);
  });

  it.each(['--sim', '--sim-phones', '--sim-task-every=2'])('refuses %s in one line: the shipped host has no simulator', (flag) => {
    expect(() => parseHeadlessArgs([flag, '3'])).toThrow(/^--sim[a-z-]*: the simulator is not part of this build; it runs from a source checkout \(`npm run headless -- --sim …` or `npm run demo`\)$/);
  });

  it.each([
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
