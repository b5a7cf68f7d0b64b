/**
 * The launches of this runtime's sandbox children: a task child per language, and the one-off child
 * that makes the Python start-up snapshot (the only child that may write, and only that file).
 */
import { childLaunch, type ChildLaunch } from './child-flags.js';
import { childArgs, childScript, readableDirs, type SandboxPaths } from './sandbox-paths.js';
import type { SandboxLanguage } from './sandbox-port.js';

export interface ChildLauncher {
  task(language: SandboxLanguage, pythonSnapshot?: string | null): ChildLaunch;
  pythonSnapshotMaker(outFile: string): ChildLaunch;
}

export function childLauncher(paths: SandboxPaths): ChildLauncher {
  const base = {
    execPath: process.execPath,
    script: childScript(paths),
    nodeVersion: process.versions.node,
    electron: process.versions.electron !== undefined,
    platform: process.platform,
    ...(process.env.SystemRoot ? { systemRoot: process.env.SystemRoot } : {}),
  };
  return {
    task: (language, pythonSnapshot) => childLaunch({
      ...base,
      scriptArgs: [...childArgs(language, paths), ...(language === 'python' && pythonSnapshot ? [pythonSnapshot] : [])],
      readable: readableDirs(language, paths),
      readableFiles: language === 'python' && pythonSnapshot ? [pythonSnapshot] : [],
    }),
    pythonSnapshotMaker: (outFile) => childLaunch({
      ...base,
      scriptArgs: ['python-snapshot', ...childArgs('python', paths).slice(1), outFile],
      readable: readableDirs('python', paths),
      writableFiles: [outFile],
    }),
  };
}
