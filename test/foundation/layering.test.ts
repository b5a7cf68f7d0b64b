import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/** The layering of DESIGN.md is a lint rule; these prove the rule fires (and stays quiet when it should). */
const eslint = new ESLint({ cwd: process.cwd() });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  // ESLint's first lint loads the whole typed configuration (seconds on a busy 2-core machine); do it
  // once here so no single case carries the cold start.
  beforeAll(async () => {
    await eslint.lintText('export {};\n', { filePath: 'src/renderer/App.tsx' });
  }, 180_000);

  it.each([
    ['src/renderer/App.tsx', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/renderer/App.tsx', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['src/renderer/App.tsx', "import { createCore } from '../main/app/composition-root.js';\nexport const x = createCore;\n"],
    ['src/shared/contract.ts', "import { randomBytes } from 'node:crypto';\nexport const x = randomBytes;\n"],
    ['src/main/modes/mode-service.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/main/headless/headless-host.ts', "import { startSimHost } from '../../sim/host/sim-host.js';\nexport const x = startSimHost;\n"],
  ])('%s may not import that', async (file, code) => {
    expect(await layeringErrors(file, code)).toHaveLength(1);
  });

  it.each([
    ['src/renderer/App.tsx', "import { operations } from '../shared/contract.js';\nexport const x = operations;\n"],
    ['src/main/shell/electron-main.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['src/sim/host/sim-host.ts', "import { startHeadlessHost } from '../../main/headless/headless-host.js';\nexport const x = startHeadlessHost;\n"],
  ])('%s may import that', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});
