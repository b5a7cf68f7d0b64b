/**
 * Where the sandbox child's script and the interpreter packages are on disk. The child may read only
 * these folders (Node's permission model), so they are resolved to exact package roots here.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxLanguage } from './sandbox-port.js';

export interface SandboxPaths {
  /** Folder of sandbox-child.mjs and its modules (src/main/sandbox/child, or dist/main/sandbox-child when built). */
  childDir: string;
  pyodideDir: string;
  quickJsCoreDir: string;
  quickJsVariantDir: string;
  quickJsFfiTypesDir: string;
}

const CHILD_SCRIPT = 'sandbox-child.mjs';

export function resolveSandboxPaths(): SandboxPaths {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'child'), join(here, 'sandbox-child'), join(here, '..', 'sandbox-child')];
  const childDir = candidates.find((dir) => existsSync(join(dir, CHILD_SCRIPT)));
  if (!childDir) throw new Error(`sandbox child script not found (looked in ${candidates.join(', ')})`);
  const require = createRequire(import.meta.url);
  const packageRoot = (specifier: string, name: string): string => {
    const entry = require.resolve(specifier);
    const marker = `${sep}node_modules${sep}${name.split('/').join(sep)}${sep}`;
    const at = entry.lastIndexOf(marker);
    if (at < 0) throw new Error(`cannot find the package folder of ${name} (resolved ${entry})`);
    return entry.slice(0, at + marker.length - 1);
  };
  return {
    childDir,
    pyodideDir: packageRoot('pyodide/package.json', 'pyodide'),
    quickJsCoreDir: packageRoot('quickjs-emscripten-core', 'quickjs-emscripten-core'),
    quickJsVariantDir: packageRoot('@jitl/quickjs-wasmfile-release-sync/package.json', '@jitl/quickjs-wasmfile-release-sync'),
    quickJsFfiTypesDir: packageRoot('@jitl/quickjs-ffi-types/package.json', '@jitl/quickjs-ffi-types'),
  };
}

export function childScript(paths: SandboxPaths): string {
  return join(paths.childDir, CHILD_SCRIPT);
}

/** The child's arguments after the script: the language, then the folders its interpreter loads from. */
export function childArgs(language: SandboxLanguage, paths: SandboxPaths): string[] {
  return language === 'python' ? [language, paths.pyodideDir] : [language, paths.quickJsCoreDir, paths.quickJsVariantDir];
}

/** Folders the child may read: its own, and the interpreter packages of its language. */
export function readableDirs(language: SandboxLanguage, paths: SandboxPaths): string[] {
  const own = paths.childDir;
  return language === 'python' ? [own, paths.pyodideDir] : [own, paths.quickJsCoreDir, paths.quickJsVariantDir, paths.quickJsFfiTypesDir];
}
