import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer file (src/main/layers.json) and the rules of .dependency-cruiser.mjs: run on a small tree
 * that breaks each rule once and keeps each once, they find exactly the breaks.
 */
const repo = process.cwd();
const files: Record<string, string> = {
  'src/main/core/clock.ts': 'export interface Clock { now(): number }\n',
  'src/main/coordinator-client/schemas.ts': 'export interface Telemetry { onACPower: boolean }\n',
  // Wrong way inside one layer (both are transports).
  'src/main/power/telemetry.ts': "import type { Telemetry } from '../coordinator-client/schemas.js';\nexport type T = Telemetry;\n",
  // Right way: the ledger sits above the transports, and core is below everything.
  'src/main/ledger/sync.ts': "import type { Telemetry } from '../coordinator-client/schemas.js';\nimport type { Clock } from '../core/clock.js';\nexport type S = Telemetry | Clock;\n",
  // Wrong way up a layer, through a type import only.
  'src/main/worker/run.ts': "import type { Outcome } from '../mesh/provider.js';\nexport type R = Outcome;\n",
  'src/main/mesh/provider.ts': "import type { R } from '../worker/run.js';\nexport type Outcome = { ok: boolean } | R;\n",
  // The sandbox may import core only, though the events layer is below it too.
  'src/main/events/bus.ts': 'export type Bus = string;\n',
  'src/main/sandbox/port.ts': "import type { Bus } from '../events/bus.js';\nexport type P = Bus;\n",
  'src/renderer/view.ts': "import type { Clock } from '../main/core/clock.js';\nexport type V = Clock;\n",
  'src/renderer/a/one.ts': "import type { B } from '../b/two.js';\nexport type A = B | 1;\n",
  'src/renderer/b/two.ts': "import type { A } from '../a/one.js';\nexport type B = A | 2;\n",
  'src/shared/contract.ts': 'export type C = 1;\n',
  'src/coordinator/server.ts': "import type { S } from '../main/ledger/sync.js';\nimport type { C } from '../shared/contract.js';\nexport type X = S | C;\n",
  'src/sim/air.ts': "import type { Clock } from '../main/core/clock.js';\nexport type Air = Clock;\n",
  'src/main/network/monitor.ts': "import type { Air } from '../../sim/air.js';\nexport type M = Air;\n",
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'depcheck-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'bundler', strict: true } }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function violations(): string[] {
  const bin = path.join(repo, 'node_modules/.bin/depcruise');
  const res = spawnSync(bin, ['src', '--config', path.join(repo, '.dependency-cruiser.mjs'), '--output-type', 'json'], { cwd: dir, encoding: 'utf8' });
  const out = JSON.parse(res.stdout) as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  return out.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('dependency rules (npm run depcheck)', () => {
  it('finds each wrong-way import, cycle and tree crossing, and nothing else', () => {
    expect(violations()).toEqual([
      'coordinator-own: src/coordinator/server.ts → src/main/ledger/sync.ts',
      'layer-power: src/main/power/telemetry.ts → src/main/coordinator-client/schemas.ts',
      'layer-sandbox: src/main/sandbox/port.ts → src/main/events/bus.ts',
      'layer-worker: src/main/worker/run.ts → src/main/mesh/provider.ts',
      'no-folder-cycle: src/main/mesh → src/main/worker',
      'no-folder-cycle: src/main/worker → src/main/mesh',
      'no-folder-cycle: src/renderer/a → src/renderer/b',
      'no-folder-cycle: src/renderer/b → src/renderer/a',
      'nothing-imports-sim: src/main/network/monitor.ts → src/sim/air.ts',
      'renderer-contract-only: src/renderer/view.ts → src/main/core/clock.ts',
    ]);
  }, 60_000);
});
