/**
 * Which packaged files are the simulator's (src/sim: the simulated radio, the virtual devices, the
 * simulated power and network, the demo). The packaged app must hold none (scripts/check-package.mjs).
 * A file counts when its name is a src/sim module's (as the bundler names a chunk: `<name>.js`,
 * `<name>-<hash>.js`, or a copied `<name>.cjs`), or when its text carries the simulated radio's global
 * key, which only simulator code uses.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export const SIM_MARKER = 'edgecoder.ble-sim';

/** Module names under src/sim (without extension); `index` is left out: every bundle has an index. */
export function simulatorModuleNames(simDir) {
  const names = new Set();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else names.add(entry.name.replace(/\.(ts|tsx|mts|cts|js|mjs|cjs)$/, ''));
    }
  };
  walk(simDir);
  names.delete('index');
  return [...names].sort();
}

/**
 * The simulator's files among `entries` (archive paths, `/`-separated). `read(entry)` gives a file's
 * text; only our own build output (dist/) is read, and only script files.
 */
export function simulatorFiles(entries, read, moduleNames) {
  const found = [];
  for (const entry of entries) {
    if (!entry.startsWith('dist/')) continue;
    const base = path.posix.basename(entry);
    const script = /\.(c|m)?js$/.test(base);
    const named = moduleNames.find((name) => base === `${name}.js` || base === `${name}.cjs` || (script && base.startsWith(`${name}-`)));
    if (named) found.push(`${entry} (named after src/sim's ${named})`);
    else if (script && read(entry).includes(SIM_MARKER)) found.push(`${entry} (carries the simulated radio's ${SIM_MARKER} key)`);
  }
  return found;
}
