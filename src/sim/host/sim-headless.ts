/**
 * `npm run headless -- --sim …` from a source checkout (scripts/headless.mjs runs this file through tsx
 * when a `--sim` flag is given): the shipped headless command line with the simulator installed. The
 * dashboard and the inference host come from `npm run build` (dist/), which `npm run headless` runs first.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOnFailure, exitWithUsageError, runHeadlessCli } from '../../main/headless/headless-cli.js';
import { splitSimArgs, type SimArgs } from './sim-args.js';
import { simulatorExtension } from './sim-host.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let split: { sim: SimArgs | null; rest: string[] };
try {
  split = splitSimArgs(process.argv.slice(2));
} catch (err) {
  exitWithUsageError((err as Error).message);
}
// The built inference host starts faster than the TypeScript one.
const builtHost = path.join(root, 'dist/main/inference-host.js');
runHeadlessCli({
  argv: split.rest,
  rendererDir: path.join(root, 'dist/renderer'),
  ...(existsSync(builtHost) ? { inferenceEntry: builtHost } : {}),
  ...(split.sim ? { extension: simulatorExtension(split.sim) } : {}),
}).catch(exitOnFailure);
