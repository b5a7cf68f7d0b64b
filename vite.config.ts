import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import pkg from './package.json' with { type: 'json' };

/**
 * Three builds from one config, chosen by --mode:
 *  - renderer: the React dashboard → dist/renderer (served by Electron or the headless host)
 *  - main:     Node entries (Electron shell, headless host, child processes) → dist/main, ESM,
 *              every dependency external (native modules and node-llama-cpp stay in node_modules).
 *              The simulator (src/sim) is reachable from none of them, so no simulator file is built:
 *              it runs from the TypeScript sources (`npm run demo`, `npm run headless -- --sim`).
 *  - preload:  one sandboxed CommonJS file that requires only 'electron' → dist/preload/preload.cjs
 * scripts/build.mjs runs all three.
 */
const nodeExternal = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies),
  ...Object.keys(pkg.devDependencies),
].map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/.*)?$`));

export const mainEntries: Record<string, string> = {
  headless: 'src/main/headless.ts',
  'electron-main': 'src/main/shell/electron-main.ts',
  'inference-host': 'src/main/inference/host/host-main.ts',
};

export default defineConfig(({ mode }): UserConfig => {
  if (mode === 'main') {
    return {
      build: {
        ssr: true,
        outDir: 'dist/main',
        emptyOutDir: true,
        target: 'node20',
        sourcemap: true,
        minify: false,
        rolldownOptions: {
          input: mainEntries,
          external: nodeExternal,
          output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    };
  }
  if (mode === 'preload') {
    return {
      build: {
        ssr: true,
        outDir: 'dist/preload',
        emptyOutDir: true,
        target: 'node20',
        minify: false,
        rolldownOptions: {
          input: { preload: 'src/preload/preload.ts' },
          external: ['electron'],
          output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
        },
      },
      ssr: { noExternal: true },
    };
  }
  return {
    root: 'src/renderer',
    base: './',
    plugins: [react()],
    // Loaded from disk or loopback, never over a network: one larger chunk (recharts) is fine.
    build: { outDir: '../../dist/renderer', emptyOutDir: true, target: 'chrome120', sourcemap: true, chunkSizeWarningLimit: 1500 },
  };
});
