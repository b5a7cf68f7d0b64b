/**
 * Headless entry: `npm run headless -- --port N --data-dir D [--mode M] [--model F]`. Runs the core without Electron and
 * serves the dashboard on 127.0.0.1 (see headless/headless-cli.ts). The simulator is not part of this build:
 * `--sim` here is one line and exit code 2; from a source checkout `npm run headless -- --sim …` runs src/sim's entry.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitOnFailure, runHeadlessCli } from './headless/headless-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
runHeadlessCli({
  argv: process.argv.slice(2),
  rendererDir: path.resolve(here, '../renderer'),
  inferenceEntry: path.join(here, 'inference-host.js'),
}).catch(exitOnFailure);
