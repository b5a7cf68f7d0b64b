import os from 'node:os';
import path from 'node:path';
import { eachFlag, portValue } from '../core/cli-flags.js';
import { ComputeModeSchema, type ComputeMode } from '../../shared/modes.js';

/** A catalogue model id: lower-case letters, digits, dots and dashes, no .gguf (the catalogue's own rule). */
const CATALOGUE_ID = /^[a-z0-9][a-z0-9.-]{1,63}$/;

export interface HeadlessArgs {
  port: number;
  dataDir: string;
  /** llama.cpp threads for the inference host; null = every core. */
  threads: number | null;
  /** `--mode`: the compute mode to start in (saved like a choice made in the tray); null = the saved one. */
  mode: ComputeMode | null;
  /** `--model`: a .gguf to add to the models folder if needed and make active, or a catalogue id to download first; null = keep the active one. */
  model: string | null;
  /** The local API's port; null = the setting (localApi.port, default 4311). */
  apiPort: number | null;
}

export const DEFAULT_PORT = 4310;

/** The answer to `--sim` where the simulator is not installed (the shipped app, or dist/ run directly). */
export const SIMULATOR_ABSENT = (flag: string): string =>
  `${flag}: the simulator is not part of this build; it runs from a source checkout (\`npm run headless -- --sim …\` or \`npm run demo\`)`;

/**
 * The data folder the Electron shell also uses (its userData): the same settings file serves both.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env = process.env, home = os.homedir()): string {
  const app = 'EdgeCoder Runner';
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', app);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), app);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), app);
}

/**
 * Parses `--port N`, `--data-dir D`, `--threads N`, `--mode M`, `--model F`, `--api-port N` (also `--flag=value`).
 * Throws a one-line message on bad input, and on `--sim`: the simulator is not part of the shipped app
 * (it runs from a source checkout, where `npm run headless -- --sim …` starts src/sim's entry instead).
 */
export function parseHeadlessArgs(argv: readonly string[]): HeadlessArgs {
  const out: HeadlessArgs = { port: DEFAULT_PORT, dataDir: defaultDataDir(), threads: null, mode: null, model: null, apiPort: null };
  for (const f of eachFlag(argv)) {
    const { arg, flag, value } = f;
    switch (flag) {
      case '--port':
        out.port = portValue(f);
        break;
      case '--api-port':
        out.apiPort = portValue(f);
        break;
      case '--data-dir':
        out.dataDir = path.resolve(value());
        break;
      case '--threads': {
        const raw = value();
        const n = Number(raw);
        if (!/^\d+$/.test(raw) || n < 1 || n > 256) throw new Error(`--threads must be a number from 1 to 256, got "${raw}"`);
        out.threads = n;
        break;
      }
      case '--mode': {
        const raw = value();
        const parsed = ComputeModeSchema.safeParse(raw);
        if (!parsed.success) throw new Error(`--mode must be one of ${ComputeModeSchema.options.join(', ')}, got "${raw}"`);
        out.mode = parsed.data;
        break;
      }
      case '--model': {
        const raw = value();
        // A catalogue id (`qwen2.5-coder-1.5b`) is kept as is: the host downloads it first.
        if (CATALOGUE_ID.test(raw)) out.model = raw;
        else if (!raw.toLowerCase().endsWith('.gguf')) throw new Error(`--model must name a .gguf file or a catalogue model (npm run models -- --list), got "${raw}"`);
        else out.model = path.resolve(raw);
        break;
      }
      default:
        if (flag === '--sim' || flag.startsWith('--sim-')) throw new Error(SIMULATOR_ABSENT(flag));
        throw new Error(
          `Unknown option "${arg}". Options: --port <n> (default ${DEFAULT_PORT}, 0 = any free port), --data-dir <dir>, --threads <n>, --api-port <n> (local API for IDEs, default 4311), ` +
            `--mode off|on|bluetooth-local, --model <file.gguf | catalogue id> (and, from a source checkout, --sim …)`,
        );
    }
  }
  return out;
}
