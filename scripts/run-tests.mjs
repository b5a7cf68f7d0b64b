// `npm test`: typecheck, lint, build, unit tests (vitest), end-to-end tests (Playwright in Chromium).
// Every step runs even if an earlier one failed (except e2e, which needs the build), and the last
// line printed is the sum over all suites: `N passed, N failed[, N skipped]`. Exit code 1 on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, cmd, args) {
  process.stdout.write(`\n── ${label}: ${cmd} ${args.join(' ')}\n`);
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const ok = res.status === 0;
  lines.push(`${label}: ${ok ? 'ok' : `FAILED (exit ${res.status ?? res.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

function check(label, cmd, args) {
  const ok = run(label, cmd, args);
  totals[ok ? 'passed' : 'failed'] += 1;
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
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests + (unit.numFailedTestSuites > 0 && unit.numFailedTests === 0 ? unit.numFailedTestSuites : 0);
  totals.skipped += unit.numPendingTests + unit.numTodoTests;
} else {
  totals.failed += 1;
  lines.push('unit: no report written (vitest crashed)');
}

if (built) {
  run('e2e', 'npx', ['playwright', 'test']);
  const e2e = readJson('test-results/e2e.json');
  if (e2e?.stats) {
    totals.passed += e2e.stats.expected + e2e.stats.flaky;
    totals.failed += e2e.stats.unexpected;
    totals.skipped += e2e.stats.skipped;
  } else {
    totals.failed += 1;
    lines.push('e2e: no report written (Playwright crashed)');
  }
} else {
  totals.failed += 1;
  lines.push('e2e: not run because the build failed');
}

process.stdout.write(`\n${lines.join('\n')}\n`);
if (existsSync('test-results/screenshots')) process.stdout.write('screenshots: test-results/screenshots/\n');
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`);
process.exit(totals.failed > 0 ? 1 : 0);
