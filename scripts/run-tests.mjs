// `npm test`: typecheck, lint, build, unit tests (vitest), end-to-end tests (Playwright in Chromium).
// Every step runs even if an earlier one failed (except e2e, which needs the build). Steps get a line
// each (`typecheck: ok` / `typecheck: FAILED`): a failed step counts as one failure, a passed step is
// not a test. Tests that passed only on a retry are reported as flaky, not as passed. The last line is
// the sum over the test suites: `N passed, N failed[, N skipped]` (scripts/test-summary.mjs). Exit code
// 1 on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { playwrightCounts, summarize, vitestCounts } from './test-summary.mjs';

const steps = [];
const suites = [];

function run(label, cmd, args) {
  process.stdout.write(`\n── ${label}: ${cmd} ${args.join(' ')}\n`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return { ok: res.status === 0, exit: res.status ?? res.signal, seconds: (Date.now() - started) / 1000 };
}

/** A step that is not a test (typecheck, lint, build…): its own line; a failure counts as one. */
function check(label, cmd, args) {
  const { ok, exit, seconds } = run(label, cmd, args);
  steps.push({ label, ok, ...(ok ? {} : { exit }), seconds });
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
check('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
check('dependencies', 'npx', ['depcruise', 'src', '--config', '.dependency-cruiser.mjs']);
const built = check('build', 'node', ['scripts/build.mjs']);

run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json']);
const unit = readJson('test-results/unit.json');
suites.push(unit ? { label: 'unit', counts: vitestCounts(unit) } : { label: 'unit', missing: 'no report written (vitest crashed)' });

if (built) {
  run('e2e', 'npx', ['playwright', 'test']);
  const e2e = readJson('test-results/e2e.json');
  suites.push(e2e?.stats ? { label: 'e2e', counts: playwrightCounts(e2e) } : { label: 'e2e', missing: 'no report written (Playwright crashed)' });
} else {
  suites.push({ label: 'e2e', missing: 'not run because the build failed' });
}

const summary = summarize({ steps, suites });
process.stdout.write(`\n${summary.lines.join('\n')}\n`);
if (existsSync('test-results/screenshots')) process.stdout.write('screenshots: test-results/screenshots/\n');
process.stdout.write(`${summary.last}\n`);
process.exit(summary.totals.failed > 0 ? 1 : 0);
