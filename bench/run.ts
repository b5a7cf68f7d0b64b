/**
 * `npm run bench`: runs every benchmark section and writes bench-report.json. Each section measures
 * its goals as ratios against a baseline measured in the same run, never as absolute times.
 * Usage: npm run bench [-- section ...]
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';

type Section = () => Promise<Record<string, unknown>>;

const sections: Record<string, () => Promise<{ default: Section }>> = {
  core: () => import('./core.bench.js'),
  ledger: () => import('./ledger.bench.js'),
  ble: () => import('./ble.bench.js'),
  'ble-central': () => import('./ble-central.bench.js'),
  'ble-sim': () => import('./ble-sim.bench.js'),
  inference: () => import('./inference.bench.js'),
  mesh: () => import('./mesh.bench.js'),
  route: () => import('./route.bench.js'),
  worker: () => import('./worker.bench.js'),
  api: () => import('./api.bench.js'),
  failover: () => import('./failover.bench.js'),
  ui: () => import('./ui.bench.js'),
  fuzz: () => import('./fuzz.bench.js'),
  sandbox: () => import('./sandbox.bench.js'),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const report: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: process.platform },
    sections: {},
  };
  const out = report.sections as Record<string, unknown>;
  let failed = false;
  for (const [name, load] of Object.entries(sections)) {
    if (wanted.length && !wanted.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    try {
      out[name] = await (await load()).default();
    } catch (err) {
      failed = true;
      out[name] = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  writeFileSync('bench-report.json', `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report.sections, null, 2)}\nwrote bench-report.json\n`);
  process.exit(failed ? 1 : 0);
}

void main();
