// Builds the renderer, the Node entries and the preload (see vite.config.ts), in that order.
import { build } from 'vite';

await import('./check-catalogue.mjs');

for (const mode of ['renderer', 'main', 'preload']) {
  await build({ mode, logLevel: 'warn', configFile: 'vite.config.ts' });
  process.stdout.write(`built ${mode}\n`);
}
