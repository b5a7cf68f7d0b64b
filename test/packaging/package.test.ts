import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Runs `node scripts/check-package.mjs`: electron-builder --dir with a stub Electron, then inspects
 * app.asar / app.asar.unpacked. Takes ~15-20 s and ~700 MB of temp space (node-llama-cpp's CUDA
 * binaries), removed afterwards. Set EDGECODER_SKIP_PACKAGE_CHECK=1 to skip it.
 */
const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const required = ['dist/main/electron-main.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html'];
const missing = required.filter((file) => !existsSync(path.join(projectDir, file)));

function skipReason(): string | null {
  if (process.platform !== 'linux') return `the stub-Electron packaging check runs on Linux only (this is ${process.platform})`;
  if (process.env.EDGECODER_SKIP_PACKAGE_CHECK === '1') return 'EDGECODER_SKIP_PACKAGE_CHECK=1';
  if (missing.length > 0) return `build output missing (${missing.join(', ')}): run \`npm run build\` first`;
  return null;
}
const reason = skipReason();
if (reason !== null) console.warn(`[packaging] skipping the electron-builder --dir check: ${reason}`);

describe.skipIf(reason !== null)('electron-builder --dir package', () => {
  it('holds the build output, no simulator file, unpacked natives and only this os/arch node-llama-cpp binaries', () => {
    const result = spawnSync(process.execPath, ['scripts/check-package.mjs'], {
      cwd: projectDir,
      encoding: 'utf8',
      timeout: 170_000,
    });
    const summary = result.stdout.trim();
    expect(result.stderr + summary).toMatch(/^package:check: ok — /m);
    expect(result.status).toBe(0);
    expect(summary).toMatch(/no simulator file \(\d+ dist files checked against \d+ src\/sim names\)/);
    expect(summary).toContain(`node-llama-cpp shipped linux-${process.arch}`);
    expect(summary).toMatch(/electron-builder --dir took \d+(\.\d)? s/);
  }, 180_000);
});
