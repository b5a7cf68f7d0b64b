/**
 * Where the host process's entry module is: `host/host-main.ts` when running from source (tsx,
 * tests), `inference-host.js` next to the bundle when built (the bundler emits it as its own entry).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultHostEntry(): { path: string; typescript: boolean } {
  const here = dirname(fileURLToPath(import.meta.url));
  const source = join(here, 'host', 'host-main.ts');
  if (existsSync(source)) return { path: source, typescript: true };
  return { path: join(here, 'inference-host.js'), typescript: false };
}
