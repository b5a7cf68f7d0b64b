import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSandboxArgs } from '../../src/main/sandbox/sandbox-cli-args.js';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);
const { dir, cleanup } = tempDir('sandbox-cli-');
afterAll(cleanup);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'src/main/sandbox/sandbox-cli.ts', ...args], { timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run sandbox', () => {
  it('runs a Python file and prints one JSON object with the result', async () => {
    const file = join(dir, 'hello.py');
    writeFileSync(file, 'import sys\nprint("hello", sys.platform)\n');
    const r = await cli(['--language', 'python', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ ok: true, exitCode: 0, stdout: 'hello emscripten\n', stderr: '', reason: null });
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['ok', 'exitCode', 'stdout', 'stderr', 'reason', 'cpuSeconds', 'durationMs']));
  }, 120_000);

  it('a JavaScript file needing a module it lacks: exit code 1 and outside_subset in the JSON', async () => {
    const file = join(dir, 'needs.js');
    writeFileSync(file, 'const axios = require("axios");\n');
    const r = await cli(['--language', 'javascript', file]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exitCode: 1, reason: 'outside_subset', missingModule: 'axios' });
  }, 120_000);

  it.each([
    [['--language', 'ruby', 'x.rb'], /--language must be python or javascript, not "ruby"/],
    [['x.py'], /--language is missing/],
    [['--language', 'python'], /the file to run is missing/],
    [['--language', 'python', '--timeout', '3', 'x.py'], /Unknown option '--timeout'/],
    [['--language', 'python', join(dir, 'absent.py')], /cannot read .*absent\.py \(ENOENT\)/],
  ])('bad arguments %j: one line on stderr, exit code 2, nothing on stdout', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  }, 60_000);
});

describe('parseSandboxArgs', () => {
  it('accepts --language and one file, in any order', () => {
    expect(parseSandboxArgs(['a.js', '--language', 'javascript'])).toEqual({ language: 'javascript', file: 'a.js' });
    expect(parseSandboxArgs(['-l', 'python', 'a.py'])).toEqual({ language: 'python', file: 'a.py' });
    expect(parseSandboxArgs(['--language', 'python', 'a.py', 'b.py'])).toMatchObject({ error: expect.stringMatching(/exactly one file/) });
  });
});
