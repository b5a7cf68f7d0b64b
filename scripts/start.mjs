/**
 * `npm start` (after `npm run build`): runs the Electron desktop app when this machine can, and the
 * headless host otherwise, saying plainly why. Never loads the `electron` package (that would try to
 * download its binary). Extra CLI args go to whichever process starts; `--headless` forces the
 * headless host. Signals are forwarded and the child's exit code becomes ours.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectElectron } from './electron-detect.mjs';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const forceHeadless = argv.includes('--headless');
const forwarded = argv.filter((arg) => arg !== '--headless');

function run(command, args, env) {
  const child = spawn(command, args, { cwd: projectDir, stdio: 'inherit', env });
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));
  child.on('error', (err) => {
    process.stderr.write(`edgecoder-runner: could not start ${command}: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    // A child killed by a signal: exit the way a shell reports it (128 + signal number).
    if (signal !== null) process.exit(128 + (signalNumbers[signal] ?? 1));
    process.exit(code ?? 1);
  });
}

const signalNumbers = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

const detection = forceHeadless
  ? { ok: false, reason: '--headless was given' }
  : detectElectron({
      env: process.env,
      platform: process.platform,
      projectDir,
      exists: existsSync,
      readFile: (file) => readFileSync(file, 'utf8'),
    });

if (detection.ok) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary behave as plain Node
  run(detection.binary, [projectDir, ...forwarded], env);
} else {
  const headless = path.join(projectDir, 'dist', 'main', 'headless.js');
  if (!existsSync(headless)) {
    process.stderr.write(
      `edgecoder-runner: cannot start the desktop app because ${detection.reason}, and the headless host ` +
        `(dist/main/headless.js) is not built either. Run \`npm run build\` first (\`npm start\` does this).\n`,
    );
    process.exit(1);
  }
  process.stderr.write(
    `EdgeCoder Runner: not starting the desktop app because ${detection.reason}. ` +
      `Starting the headless host instead: it runs the same worker and serves the dashboard on ` +
      `127.0.0.1; open the Dashboard link below in a browser. Stop it with Ctrl+C.\n`,
  );
  // Through the same launcher as `npm run headless`: the built host, or with --sim the simulator from the sources.
  run(process.execPath, [path.join(projectDir, 'scripts', 'headless.mjs'), ...forwarded], process.env);
}
