import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const headless = path.join(projectDir, 'dist/main/headless.js');
const built = existsSync(headless);
if (!built) {
  console.warn(`[launcher] skipping the npm start fallback test: ${headless} is missing (run \`npm run build\` first)`);
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ecr-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!built)('scripts/start.mjs without a usable Electron', () => {
  it('explains why on stderr, starts the headless host and prints one Dashboard line', async () => {
    const env = { ...process.env };
    // No display: on Linux that alone rules Electron out, whether or not its binary exists.
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data-dir', dataDir], {
      cwd: projectDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/Dashboard: .*\n/.test(stdout)) resolve();
      });
      void exited.then((code) => reject(new Error(`start.mjs exited (${code}) before the Dashboard line\n${stderr}`)));
    });
    child.kill('SIGTERM');
    const code = await exited;

    expect(stderr).toMatch(/not starting the desktop app because (the Electron binary is not installed|there is no display)/);
    expect(stderr).toContain('Starting the headless host instead');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    const dashboardLines = stdout.split('\n').filter((line) => line.startsWith('Dashboard: '));
    expect(dashboardLines).toHaveLength(1);
    expect(dashboardLines[0]).toMatch(/^Dashboard: http:\/\/127\.0\.0\.1:\d+\/#token=\S+$/);
    expect(code).toBe(0); // SIGTERM was forwarded and the host stopped cleanly
  });
});
