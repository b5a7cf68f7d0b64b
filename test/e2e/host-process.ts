import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface HostProcess {
  url: string;
  origin: string;
  token: string;
  stderr: () => string;
  stop(): Promise<number | null>;
}

/**
 * Starts the headless host as a real process, as `npm run headless` runs it (scripts/headless.mjs: the
 * built host, or with --sim flags the simulator's entry from the sources), and waits for its one
 * Dashboard line. Extra args are passed through (e.g. --sim flags).
 */
export async function startHostProcess(dataDir: string, extraArgs: string[] = [], readyTimeoutMs = 20_000, env: NodeJS.ProcessEnv = process.env): Promise<HostProcess> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/headless.mjs', '--port', '0', '--api-port', '0', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host printed no Dashboard line in ${readyTimeoutMs / 1000} s; stderr: ${err}`)), readyTimeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Dashboard: (\S+)\n/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}; stderr: ${err}`));
    });
  });
  const url = new URL(line);
  return {
    url: line,
    origin: url.origin,
    token: new URLSearchParams(url.hash.slice(1)).get('token') ?? '',
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}
