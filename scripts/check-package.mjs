/**
 * `npm run package:check` (after `npm run build`): packages the app with `electron-builder --dir`
 * against a stub Electron (no Electron binary can be downloaded here), then opens the produced
 * app.asar and checks what a real installer would contain: our build output, the packaged main entry,
 * no sources or source maps, no simulator file (src/sim: see simulator-files.mjs), every native module
 * unpacked, and only this platform/arch's node-llama-cpp binaries. Prints one summary line; exits 1 on any failure. Linux only (the stub is a Linux binary
 * name; mac/win packaging needs the real Electron dist, see docs/packaging.md).
 * Options: --keep (keep the output folder and print it), --arch x64|arm64 (default: this machine's).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulatorFiles, simulatorModuleNames } from './simulator-files.mjs';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const archIndex = args.indexOf('--arch');
const arch = archIndex >= 0 ? args[archIndex + 1] : process.arch;
const REQUIRED = ['dist/main/electron-main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html', 'package.json'];

function finish(ok, message) {
  process.stdout.write(`package:check: ${ok ? 'ok' : 'FAILED'} — ${message}\n`);
  process.exit(ok ? 0 : 1);
}

if (process.platform !== 'linux') {
  finish(true, `skipped: the stub-Electron packaging check runs on Linux only (this is ${process.platform})`);
}
const missingBuild = REQUIRED.filter((file) => !existsSync(path.join(projectDir, file)));
if (missingBuild.length > 0) finish(false, `build output missing (${missingBuild.join(', ')}): run \`npm run build\` first`);

// @electron/asar comes with electron-builder (app-builder-lib depends on it): resolve it from there.
const asar = createRequire(path.join(projectDir, 'node_modules/app-builder-lib/package.json'))('@electron/asar');
const builderCli = path.join(projectDir, 'node_modules/electron-builder/cli.js');

const work = mkdtempSync(path.join(os.tmpdir(), 'ecr-package-check-'));
const stubDist = path.join(work, 'electron-dist');
const outDir = path.join(work, 'release');
const cleanup = () => {
  if (!keep) rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanup);

function runBuilder() {
  // A stub in place of the Electron dist: electron-builder copies the folder and renames `electron`.
  mkdirSync(stubDist, { recursive: true });
  writeFileSync(path.join(stubDist, 'electron'), '#!/bin/sh\necho "stub Electron used by scripts/check-package.mjs"\nexit 1\n');
  chmodSync(path.join(stubDist, 'electron'), 0o755);
  const builderArgs = [builderCli, '--dir', '--linux', `--${arch}`, '--projectDir', projectDir,
    `-c.electronDist=${stubDist}`,
    '-c.npmRebuild=false', // no Electron headers can be downloaded here; never rebuild against Node's
    `-c.directories.output=${outDir}`,
    '--publish', 'never'];
  const env = { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', ELECTRON_BUILDER_DISABLE_BUILD_CACHE: 'true' };
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, builderArgs, { cwd: projectDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    child.on('exit', (code) => resolve({ code, log, seconds: Number(process.hrtime.bigint() - started) / 1e9 }));
  });
}

function walk(dir, base = dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, base, out);
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

function sizeOf(dir) {
  return walk(dir).reduce((sum, file) => sum + statSync(path.join(dir, file)).size, 0);
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;

const build = await runBuilder();
if (build.code !== 0) {
  process.stderr.write(build.log.split('\n').slice(-25).join('\n') + '\n');
  finish(false, `electron-builder --dir exited with ${build.code} after ${build.seconds.toFixed(1)} s (log tail above)`);
}

const unpackedDirName = readdirSync(outDir).find((name) => /^linux(-[a-z0-9]+)?-unpacked$/.test(name));
if (unpackedDirName === undefined) finish(false, `no linux*-unpacked folder in ${outDir}`);
const resources = path.join(outDir, unpackedDirName, 'resources');
const archive = path.join(resources, 'app.asar');
const unpackedRoot = path.join(resources, 'app.asar.unpacked');
if (!existsSync(archive)) finish(false, `${archive} was not produced`);

const entries = new Set(asar.listPackage(archive, { isPack: false }).map((p) => p.replace(/\\/g, '/').replace(/^\//, '')));
const unpackedFiles = walk(unpackedRoot);
const problems = [];

const packagedMain = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')).main;
for (const file of [...REQUIRED, packagedMain]) {
  if (!entries.has(file)) problems.push(`app.asar lacks ${file}`);
}
const leaked = [...entries].filter((p) => /^(src|test|scripts|bench|\.cache|release)\//.test(p) || /^dist\/.*\.map$/.test(p));
if (leaked.length > 0) problems.push(`sources/tests/maps packaged: ${leaked.slice(0, 5).join(', ')}`);

// The simulator (src/sim) runs only from a source checkout: no file of it in the package.
const simNames = simulatorModuleNames(path.join(projectDir, 'src/sim'));
const distEntries = [...entries].filter((p) => p.startsWith('dist/') && asar.statFile(archive, p)?.files === undefined);
const simFiles = simulatorFiles(distEntries, (p) => asar.extractFile(archive, p).toString('utf8'), simNames);
if (simFiles.length > 0) problems.push(`simulator files packaged: ${simFiles.slice(0, 5).join(', ')}`);

// Every native module must be outside the archive (dlopen cannot read from app.asar).
for (const native of [...entries].filter((p) => p.endsWith('.node'))) {
  if (asar.statFile(archive, native)?.unpacked !== true) problems.push(`${native} is packed inside app.asar`);
  else if (!existsSync(path.join(unpackedRoot, native))) problems.push(`${native} is missing from app.asar.unpacked`);
}

// node-llama-cpp: this os/arch's prebuilt addon unpacked; every other os/arch absent.
const wanted = `linux-${arch}`;
const shipped = [...new Set([...entries].map((p) => p.match(/^node_modules\/@node-llama-cpp\/([^/]+)/)?.[1]).filter(Boolean))];
const addon = unpackedFiles.find((f) => f.startsWith(`node_modules/@node-llama-cpp/${wanted}/`) && f.endsWith('/llama-addon.node'));
if (addon === undefined) problems.push(`no @node-llama-cpp/${wanted}/**/llama-addon.node in app.asar.unpacked`);
const foreign = shipped.filter((name) => !name.startsWith(`${wanted}`) || /^(mac|win)-/.test(name));
if (foreign.length > 0) problems.push(`other os/arch node-llama-cpp binaries shipped: ${foreign.join(', ')}`);
const foreignUnpacked = unpackedFiles.filter((f) => /^node_modules\/@node-llama-cpp\/(mac|win)-/.test(f));
if (foreignUnpacked.length > 0) problems.push(`mac/win node-llama-cpp files unpacked: ${foreignUnpacked[0]}`);
const installed = readdirSync(path.join(projectDir, 'node_modules/@node-llama-cpp'));
const excluded = installed.filter((name) => !shipped.includes(name));

const seconds = build.seconds.toFixed(1);
if (problems.length > 0) finish(false, `${problems.length} problem(s): ${problems.join('; ')} (electron-builder --dir ${seconds} s)`);
finish(
  true,
  `${unpackedDirName}: app.asar ${entries.size} entries (${mb(statSync(archive).size)}) + unpacked ${mb(sizeOf(unpackedRoot))}; ` +
    `main ${packagedMain}; no simulator file (${distEntries.length} dist files checked against ${simNames.length} src/sim names); node-llama-cpp shipped ${shipped.join(', ')}; excluded ${excluded.join(', ') || 'none installed'}; ` +
    `electron-builder --dir took ${seconds} s${keep ? `; kept ${outDir}` : ''}`,
);
