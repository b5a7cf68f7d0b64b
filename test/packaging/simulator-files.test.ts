import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIM_MARKER, simulatorFiles, simulatorModuleNames } from '../../scripts/simulator-files.mjs';

/** The rule `npm run package:check` applies to the packaged app's dist/ files: no simulator file. */
const names = simulatorModuleNames(path.resolve('src/sim'));
const check = simulatorFiles;

describe('simulator files in a package', () => {
  it('knows the simulator by its src/sim module names (not by index, which every bundle has)', () => {
    expect(names).toEqual(expect.arrayContaining(['sim-bluetooth', 'fake-hci-socket', 'register', 'sim-air', 'virtual-controller', 'mesh-device', 'demo-main', 'simulated-power-source', 'simulated-network']));
    expect(names).not.toContain('index');
  });

  it('finds what the build used to ship: the sim-bluetooth chunk and the fake HCI socket beside it', () => {
    const entries = ['dist/main/headless.js', 'dist/main/chunks/sim-bluetooth-CIy2zyFu.js', 'dist/main/chunks/fake-hci-socket.cjs', 'dist/main/chunks/register.cjs', 'dist/renderer/index.html'];
    expect(check(entries, () => '', names)).toEqual([
      "dist/main/chunks/sim-bluetooth-CIy2zyFu.js (named after src/sim's sim-bluetooth)",
      "dist/main/chunks/fake-hci-socket.cjs (named after src/sim's fake-hci-socket)",
      "dist/main/chunks/register.cjs (named after src/sim's register)",
    ]);
  });

  it('finds simulator code bundled into a chunk of another name by the simulated radio\'s key', () => {
    const text: Record<string, string> = { 'dist/main/chunks/shared-AbC.js': `const AIR_KEY = Symbol.for('${SIM_MARKER}.air');`, 'dist/main/headless.js': 'startHeadlessHost()' };
    expect(check(Object.keys(text), (entry) => text[entry] ?? '', names)).toEqual([`dist/main/chunks/shared-AbC.js (carries the simulated radio's ${SIM_MARKER} key)`]);
  });

  it('passes the shipped files, and never reads outside dist/', () => {
    const read = (entry: string): string => {
      if (!entry.startsWith('dist/')) throw new Error(`read ${entry}`);
      return 'nothing simulated here';
    };
    expect(check(['dist/main/headless.js', 'dist/main/chunks/settings-store-OOqxpAcR.js', 'dist/renderer/assets/index-x1.js', 'node_modules/x/register.cjs', 'package.json'], read, names)).toEqual([]);
  });
});
