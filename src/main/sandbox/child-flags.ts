/**
 * How the sandbox child is started: Node's permission model with read access to the given folders only
 * (no writes, no child processes, no workers, no addons, no WASI), no code generation from strings
 * (eval and new Function throw, so a JavaScript object reached from Python cannot be turned into code),
 * and an empty environment: the host's variables (tokens, keys, paths) are never passed on.
 */
import { sep } from 'node:path';

export interface ChildLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export function childLaunch(opts: {
  execPath: string;
  script: string;
  scriptArgs: string[];
  /** Folders the child may read (everything in them). */
  readable: string[];
  /** Single files the child may read or write (the Python snapshot); none for a child that runs tasks' writes. */
  readableFiles?: string[];
  writableFiles?: string[];
  /** process.versions.node of the runtime that will run the child. */
  nodeVersion: string;
  /** Set when the runtime is Electron: its binary runs as plain Node only with ELECTRON_RUN_AS_NODE. */
  electron: boolean;
  platform: NodeJS.Platform;
  /** Windows needs SystemRoot to start a process at all; nothing else is passed on. */
  systemRoot?: string;
}): ChildLaunch {
  const major = Number(opts.nodeVersion.split('.')[0]);
  const permission = major >= 23 ? '--permission' : '--experimental-permission';
  const reads = [
    ...opts.readable.map((dir) => `--allow-fs-read=${dir.endsWith(sep) ? dir : dir + sep}*`),
    ...(opts.readableFiles ?? []).map((file) => `--allow-fs-read=${file}`),
    ...(opts.writableFiles ?? []).map((file) => `--allow-fs-write=${file}`),
  ];
  const env: Record<string, string> = {};
  if (opts.electron) env.ELECTRON_RUN_AS_NODE = '1';
  if (opts.platform === 'win32' && opts.systemRoot) env.SystemRoot = opts.systemRoot;
  return {
    command: opts.execPath,
    args: [
      permission,
      ...reads,
      '--disallow-code-generation-from-strings',
      '--disable-warning=ExperimentalWarning',
      '--disable-proto=delete',
      opts.script,
      ...opts.scriptArgs,
    ],
    env,
  };
}
