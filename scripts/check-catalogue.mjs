// Build step: resources/model-catalogue.json must satisfy its zod schema (src/shared/model-catalogue.ts)
// before it is bundled into the app; a broken catalogue stops the build with the first problem.
import { readFileSync } from 'node:fs';
import { tsImport } from 'tsx/esm/api';

const { CatalogueSchema } = await tsImport('../src/shared/model-catalogue.ts', import.meta.url);
const parsed = CatalogueSchema.safeParse(JSON.parse(readFileSync(new URL('../resources/model-catalogue.json', import.meta.url), 'utf8')));
if (!parsed.success) {
  const issue = parsed.error.issues[0];
  process.stderr.write(`resources/model-catalogue.json is invalid: ${issue?.path.join('.')} ${issue?.message}\n`);
  process.exit(1);
}
process.stdout.write(`checked catalogue (${parsed.data.models.length} models)\n`);
