/**
 * The simulator's command-line flags (`npm run headless -- --sim …` from a source checkout). They are
 * taken out of the command line here; what is left goes to the shipped host's own parser, which
 * refuses any `--sim` flag because the shipped app has no simulator.
 */
import { eachFlag } from '../../main/core/cli-flags.js';

export interface SimArgs {
  phones: number;
  iphones: number;
  laptops: number;
  /** Seconds between tasks the virtual phones/laptops send to this computer; 0 = they send none. */
  taskEverySec: number;
  /** `--sim-rssi-wobble`: every virtual device's signal strength changes each second (the ui benchmark). */
  rssiWobble?: boolean;
}

export const SIM_DEFAULTS: SimArgs = { phones: 3, iphones: 1, laptops: 1, taskEverySec: 0 };
/** Up to 200 of a kind: the ui benchmark's 200 devices are real virtual devices on the simulated air. */
const SIM_MAX = 200;

export const SIM_USAGE = '--sim [--sim-phones N] [--sim-iphones N] [--sim-laptops N] [--sim-task-every SECONDS] [--sim-rssi-wobble]';

/** True for `--sim` and every `--sim-*` flag (with or without `=value`). */
export function isSimFlag(arg: string): boolean {
  return arg === '--sim' || arg.startsWith('--sim=') || arg.startsWith('--sim-');
}

/**
 * Splits `argv` into the simulator's settings (null: no sim flag given; any `--sim-*` count implies
 * `--sim`) and the other arguments, in order. Throws a one-line message on a bad sim flag.
 */
export function splitSimArgs(argv: readonly string[]): { sim: SimArgs | null; rest: string[] } {
  let sim: SimArgs | null = null;
  const rest: string[] = [];
  const need = (): SimArgs => (sim ??= { ...SIM_DEFAULTS });
  for (const { arg, flag, inline, value } of eachFlag(argv)) {
    if (!isSimFlag(arg)) {
      rest.push(arg);
      continue;
    }
    switch (flag) {
      case '--sim':
      case '--sim-rssi-wobble':
        if (inline !== undefined) throw new Error(`${flag} takes no value`);
        if (flag === '--sim-rssi-wobble') need().rssiWobble = true;
        else need();
        break;
      case '--sim-phones':
      case '--sim-iphones':
      case '--sim-laptops': {
        const raw = value();
        const n = Number(raw);
        if (!/^\d+$/.test(raw) || n > SIM_MAX) throw new Error(`${flag} must be a number from 0 to ${SIM_MAX}, got "${raw}"`);
        need()[flag === '--sim-phones' ? 'phones' : flag === '--sim-iphones' ? 'iphones' : 'laptops'] = n;
        break;
      }
      case '--sim-task-every': {
        const raw = value();
        const n = Number(raw);
        if (!/^\d+(\.\d+)?$/.test(raw) || n > 3600) throw new Error(`--sim-task-every must be seconds from 0 to 3600, got "${raw}"`);
        need().taskEverySec = n;
        break;
      }
      default:
        throw new Error(`Unknown simulator option "${arg}". Simulator options: ${SIM_USAGE}`);
    }
  }
  return { sim, rest };
}
