import path from 'node:path';
import { eachFlag, portValue } from '../../main/core/cli-flags.js';

export interface DemoArgs {
  /** The dashboard's port on 127.0.0.1 (0 = a free one). */
  port: number;
  /** The local API's port on 127.0.0.1 (0 = a free one; null = the local API's default). */
  apiPort: number | null;
  /** Runner and coordinator state; kept across runs. */
  dataDir: string;
  /** Delete dataDir first: start from nothing (new identity, no credits, no models). */
  reset: boolean;
}

export const DEMO_DASHBOARD_PORT = 4310;
export const defaultDemoDataDir = (): string => path.resolve('.cache', 'demo');

/** `npm run demo -- [--port N] [--api-port N] [--data-dir D] [--reset]`; throws a one-line message on bad input. */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  const out: DemoArgs = { port: DEMO_DASHBOARD_PORT, apiPort: null, dataDir: defaultDemoDataDir(), reset: false };
  for (const f of eachFlag(argv)) {
    const { arg, flag, inline, value } = f;
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
      case '--reset':
        if (inline !== undefined) throw new Error('--reset takes no value');
        out.reset = true;
        break;
      default:
        throw new Error(`Unknown option "${arg}". Options: --port <n> (default ${DEMO_DASHBOARD_PORT}, 0 = any free port), --api-port <n>, --data-dir <dir> (default .cache/demo), --reset`);
    }
  }
  return out;
}
