/**
 * Writes the generated test models into .cache/models (or --dir <folder>).
 * Usage: node --import tsx scripts/make-models.ts [tiny looping large malformed coder] [--dir <folder>]
 */
import { alphabetShapes } from '../src/main/inference/gguf/alphabet-model.js';
import { defaultModelCacheDir, ensureTestModel } from '../src/main/inference/gguf/test-models.js';
import type { TestModel } from '../src/main/inference/gguf/test-models.js';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dirIndex = args.indexOf('--dir');
  const dir = dirIndex >= 0 ? args[dirIndex + 1] ?? defaultModelCacheDir() : defaultModelCacheDir();
  const named = args.filter((a, i) => !a.startsWith('--') && (dirIndex < 0 || i !== dirIndex + 1));
  const all: TestModel[] = [...(Object.keys(alphabetShapes) as TestModel[]), 'coder'];
  const wanted = named.length ? named : all;
  for (const v of wanted) {
    if (!all.includes(v as TestModel)) throw new Error(`unknown model "${v}"; choose from ${all.join(', ')}`);
    const started = Date.now();
    const r = await ensureTestModel(v as TestModel, dir);
    process.stdout.write(`${r.generated ? 'wrote' : 'kept '} ${r.path} sha256=${r.sha256.slice(0, 16)}… ${Date.now() - started} ms\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`make-models: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
