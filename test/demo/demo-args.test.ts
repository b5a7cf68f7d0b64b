/** `npm run demo` flags, through the shared flag reader: values inline or next, bad input is one line. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDemoArgs } from '../../src/sim/demo/demo-args.js';

describe('npm run demo flags', () => {
  it('reads --flag value and --flag=value', () => {
    expect(parseDemoArgs(['--port', '0', '--api-port=4400', '--data-dir', 'x', '--reset'])).toEqual({ port: 0, apiPort: 4400, dataDir: path.resolve('x'), reset: true });
  });
  it.each([
    [['--port', '70000'], '--port must be a number from 0 to 65535, got "70000"'],
    [['--api-port'], '--api-port needs a value'],
    [['--reset=yes'], '--reset takes no value'],
    [['--sim'], /^Unknown option "--sim"/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseDemoArgs(argv)).toThrow(message);
  });
});
