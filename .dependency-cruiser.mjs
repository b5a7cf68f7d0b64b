/**
 * `npm run depcheck`: the import rules of src/, checked by dependency-cruiser with type imports counted.
 * The layer order of src/main is declared once, in src/main/layers.json; this file turns it into rules
 * and adds the rules of the other trees (docs/architecture.md explains them):
 * - src/shared imports nothing of the other trees; src/renderer and src/preload import only src/shared.
 * - src/coordinator (the reference coordinator) imports src/shared, src/main/core and the ledger's
 *   encoding and verification, nothing else of src/main.
 * - src/sim (the simulator and the demo) sits on top of everything; nothing outside it imports it.
 * - No two folders of src/ import each other, at any depth (a cycle through type imports counts too).
 */
import fs from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;

const { layers, mayImportOnly = {} } = JSON.parse(fs.readFileSync(path.join(here, 'src/main/layers.json'), 'utf8'));

// Every folder of src/main has its place in the layer file, so a new one cannot slip past the rules.
const declared = layers.flat();
const present = fs.readdirSync(path.join(here, 'src/main'), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const undeclared = present.filter((name) => !declared.includes(name));
if (undeclared.length > 0) throw new Error(`src/main/layers.json does not place: ${undeclared.join(', ')} (add each folder to a layer)`);

const alt = (names) => names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

const layerRules = layers.flatMap((layer, level) =>
  layer.map((folder) => {
    const below = layers.slice(0, level).flat();
    const allowed = mayImportOnly[folder] ?? below;
    const bad = allowed.filter((name) => !below.includes(name));
    if (bad.length > 0) throw new Error(`src/main/layers.json: ${folder} may not import ${bad.join(', ')} (not below it)`);
    return {
      name: `layer-${folder}`,
      comment: `src/main/${folder} may import only ${allowed.length ? allowed.join(', ') : 'nothing of src/main'} (src/main/layers.json)`,
      severity: 'error',
      from: { path: `^src/main/${folder}/` },
      to: {
        path: '^src/main/',
        pathNot: `^src/main/(${alt([folder, ...allowed])})/`,
      },
    };
  }),
);

export default {
  forbidden: [
    ...layerRules,
    {
      name: 'no-folder-cycle',
      comment: 'Two folders of src/ import each other (through any chain of modules, type imports included).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'layer-entries',
      comment: 'Only the entry files directly in src/main import the folders of src/main from above; none imports another tree but src/shared.',
      severity: 'error',
      from: { path: '^src/main/[^/]+$' },
      to: { path: '^src/(renderer|preload|coordinator)/' },
    },
    {
      name: 'main-outside',
      comment: 'src/main imports src/shared and itself; never the renderer, the preload or the reference coordinator.',
      severity: 'error',
      from: { path: '^src/main/' },
      to: { path: '^src/(renderer|preload|coordinator)/' },
    },
    {
      name: 'nothing-imports-sim',
      comment: 'The simulator and the demo (src/sim) sit on top: nothing outside them imports them (the shipped app holds none of it).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/sim/' },
      to: { path: '^src/sim/' },
    },
    {
      name: 'shared-alone',
      comment: 'src/shared is pure TypeScript used by every process: it imports only itself.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'renderer-contract-only',
      comment: 'The renderer and the preload talk only to the contract in src/shared.',
      severity: 'error',
      from: { path: '^src/(renderer|preload)/' },
      to: { path: '^src/', pathNot: ['^src/shared/', '^src/$1/'] },
    },
    {
      name: 'coordinator-own',
      comment: 'The reference coordinator imports src/shared, src/main/core and the ledger\'s encoding and verification only.',
      severity: 'error',
      from: { path: '^src/coordinator/' },
      to: {
        path: '^src/',
        pathNot: ['^src/(coordinator|shared)/', '^src/main/core/', '^src/main/ledger/(identity|hash-chain|tx-encoding|tx-protocol|tx-types|task-digest|ledger-schema|registration-proof)\\.ts$'],
      },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^(dist|node_modules)/'] },
    includeOnly: '^src/',
    skipAnalysisNotInRules: true,
  },
};
