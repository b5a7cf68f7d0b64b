/**
 * Writes the generated test models into .cache/models (or --dir <folder>).
 * Usage: node --import tsx scripts/make-models.ts [tiny looping large malformed coder] [--dir <folder>]
 *        node --import tsx scripts/make-models.ts --list   (the catalogue with each model's fit on this computer)
 */
import { alphabetShapes } from '../src/main/inference/gguf/alphabet-model.js';
import { defaultModelCacheDir, ensureTestModel } from '../src/main/inference/gguf/test-models.js';
import type { TestModel } from '../src/main/inference/gguf/test-models.js';

async function listCatalogue(): Promise<void> {
  const { getLlama } = await import('node-llama-cpp');
  const { estimateFit } = await import('../src/main/inference/host/fit-estimator.js');
  const { hardwareWords } = await import('../src/main/inference/host/llama-backend.js');
  const { ModelCatalogueService } = await import('../src/main/models/model-catalogue-service.js');
  const { shippedCatalogue } = await import('../src/main/models/shipped-catalogue.js');
  const { catalogueListing } = await import('../src/main/models/catalogue-listing.js');
  const { systemClock } = await import('../src/main/core/clock.js');
  // Silent: GgufInsights tries llama.cpp on the weightless header and llama.cpp logs that it has no vocabulary.
  const llama = await getLlama({ gpu: 'auto', build: 'never', logLevel: 'disabled' as never, progressLogs: false });
  const service = new ModelCatalogueService({
    catalogue: shippedCatalogue(),
    models: { snapshot: () => ({ modelsDir: '', active: null, models: [], downloads: [] }), download: () => Promise.reject(new Error('listing only')), select: () => null },
    clock: systemClock,
    estimate: async (targets) => {
      const results = new Map<string, Awaited<ReturnType<typeof estimateFit>> | Error>();
      for (const t of targets) results.set(t.key, await estimateFit(llama, t).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))));
      return { results, hardware: await hardwareWords(llama) };
    },
  });
  process.stdout.write(catalogueListing(await service.view()));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--list')) return listCatalogue();
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
