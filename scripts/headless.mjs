/**
 * `npm run headless -- …` (after `npm run build`): the built headless host, dist/main/headless.js. With
 * any `--sim` flag it runs the simulator's entry instead, src/sim/host/sim-headless.ts, from the
 * TypeScript sources through tsx, in this same process (signals and the exit code are its own). The
 * simulator is never built into dist/, so the packaged app cannot carry it; from a checkout without
 * src/sim (or without tsx), `--sim` is one line and exit code 2, as in the packaged app.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const wantsSim = argv.some((arg) => arg === '--sim' || arg.startsWith('--sim=') || arg.startsWith('--sim-'));

function refuse(message) {
  process.stderr.write(`edgecoder-runner: ${message}\n`);
  process.exit(2);
}

if (wantsSim) {
  const entry = path.join(projectDir, 'src/sim/host/sim-headless.ts');
  if (!existsSync(entry)) refuse('--sim: the simulator is not part of this copy (it runs from a source checkout with src/sim)');
  try {
    await import('tsx'); // registers the TypeScript loader for the imports below (as `node --import tsx`)
  } catch {
    refuse('--sim: the simulator runs from the TypeScript sources and needs tsx (`npm install` the dev dependencies)');
  }
  await import(pathToFileURL(entry).href);
} else {
  const built = path.join(projectDir, 'dist/main/headless.js');
  if (!existsSync(built)) refuse('dist/main/headless.js is not built: run `npm run build` first (`npm run headless` does this)');
  await import(pathToFileURL(built).href);
}
