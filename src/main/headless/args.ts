import os from 'node:os';
import path from 'node:path';
import { ComputeModeSchema, type ComputeMode } from '../../shared/modes.js';

export interface SimArgs {
  phones: number;
  iphones: number;
  laptops: number;
  /** Seconds between tasks the virtual phones/laptops send to this computer; 0 = they send none. */
  taskEverySec: number;
  /** `--sim-rssi-wobble`: every virtual device's signal strength changes each second (the ui benchmark). */
  rssiWobble?: boolean;
}

export interface HeadlessArgs {
  port: number;
  dataDir: string;
  /** Run on the simulated Bluetooth air with virtual devices instead of the real radio. */
  sim: SimArgs | null;
  /** llama.cpp threads for the inference host; null = every core. */
  threads: number | null;
  /** `--mode`: the compute mode to start in (saved like a choice made in the tray); null = the saved one. */
  mode: ComputeMode | null;
  /** `--model`: a .gguf to add to the models folder if needed and make active; null = keep the active one. */
  model: string | null;
  /** The local API's port; null = the setting (localApi.port, default 4311). */
  apiPort: number | null;
}

const SIM_DEFAULTS: SimArgs = { phones: 3, iphones: 1, laptops: 1, taskEverySec: 0 };
/** Up to 200 of a kind: the ui benchmark's 200 devices are real virtual devices on the simulated air. */
const SIM_MAX = 200;

export const DEFAULT_PORT = 4310;

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
 * Parses `--port N`, `--data-dir D`, `--threads N`, `--mode M`, `--model F` and the simulated-neighbourhood flags (also `--flag=value`); any
 * `--sim-*` count implies `--sim`. Throws a one-line message on bad input.
 */
export function parseHeadlessArgs(argv: readonly string[]): HeadlessArgs {
  const out: HeadlessArgs = { port: DEFAULT_PORT, dataDir: defaultDataDir(), sim: null, threads: null, mode: null, model: null, apiPort: null };
  const sim = (): SimArgs => (out.sim ??= { ...SIM_DEFAULTS });
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const given = inline ?? argv[++i];
      if (given === undefined || given === '') throw new Error(`${flag} needs a value`);
      return given;
    };
    switch (flag) {
      case '--port': {
        const raw = value();
        const n = Number(raw);
        if (!/^\d+$/.test(raw) || n > 65535) throw new Error(`--port must be a number from 0 to 65535, got "${raw}"`);
        out.port = n;
        break;
      }
      case '--api-port': {
        const raw = value();
        const n = Number(raw);
        if (!/^\d+$/.test(raw) || n > 65535) throw new Error(`--api-port must be a number from 0 to 65535, got "${raw}"`);
        out.apiPort = n;
        break;
      }
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
        if (!raw.toLowerCase().endsWith('.gguf')) throw new Error(`--model must name a .gguf file, got "${raw}"`);
        out.model = path.resolve(raw);
        break;
      }
      case '--sim':
        if (inline !== undefined) throw new Error('--sim takes no value');
        sim();
        break;
      case '--sim-phones':
      case '--sim-iphones':
      case '--sim-laptops': {
        const raw = value();
        const n = Number(raw);
        if (!/^\d+$/.test(raw) || n > SIM_MAX) throw new Error(`${flag} must be a number from 0 to ${SIM_MAX}, got "${raw}"`);
        sim()[flag === '--sim-phones' ? 'phones' : flag === '--sim-iphones' ? 'iphones' : 'laptops'] = n;
        break;
      }
      case '--sim-rssi-wobble':
        if (inline !== undefined) throw new Error('--sim-rssi-wobble takes no value');
        sim().rssiWobble = true;
        break;
      case '--sim-task-every': {
        const raw = value();
        const n = Number(raw);
        if (!/^\d+(\.\d+)?$/.test(raw) || n > 3600) throw new Error(`--sim-task-every must be seconds from 0 to 3600, got "${raw}"`);
        sim().taskEverySec = n;
        break;
      }
      default:
        throw new Error(
          `Unknown option "${arg}". Options: --port <n> (default ${DEFAULT_PORT}, 0 = any free port), --data-dir <dir>, --threads <n>, --api-port <n> (local API for IDEs, default 4311), ` +
            `--mode off|on|bluetooth-local, --model <file.gguf>, ` +
            `--sim [--sim-phones N] [--sim-iphones N] [--sim-laptops N] [--sim-task-every SECONDS] [--sim-rssi-wobble]`,
        );
    }
  }
  return out;
}
