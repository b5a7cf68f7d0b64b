import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `--sim` where the simulator is absent (the built host, as packaged) and where it is present (a source
 * checkout, through scripts/headless.mjs): bad input either way ends in one line and exit code 2,
 * and the line says which of the two answered.
 */
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = existsSync(path.join(projectDir, 'dist/main/headless.js'));
if (!built) console.warn('[launcher] skipping the --sim flag tests: dist/main/headless.js is missing (run `npm run build` first)');

const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: projectDir, encoding: 'utf8', timeout: 60_000 });

describe.skipIf(!built)('--sim and the headless entries', () => {
  it('the built host (what the package holds) has no simulator: one line, exit code 2', () => {
    const res = run(['dist/main/headless.js', '--sim', '--sim-phones', '2', '--port', '0']);
    expect(res.status).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe('edgecoder-runner: --sim: the simulator is not part of this build; it runs from a source checkout (`npm run headless -- --sim …` or `npm run demo`)\n');
  });

  it('npm run headless\'s launcher hands --sim flags to the simulator\'s entry from the sources', () => {
    const res = run(['scripts/headless.mjs', '--sim-phones', '999', '--port', '0']);
    expect(res.status).toBe(2);
    expect(res.stderr).toBe('edgecoder-runner: --sim-phones must be a number from 0 to 200, got "999"\n');
  });

  it('and other flags to the built host', () => {
    const res = run(['scripts/headless.mjs', '--port', 'x']);
    expect(res.status).toBe(2);
    expect(res.stderr).toBe('edgecoder-runner: --port must be a number from 0 to 65535, got "x"\n');
  });
});
