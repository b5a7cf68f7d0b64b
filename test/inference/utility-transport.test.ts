import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ALPHABET_OUTPUT } from '../../src/main/inference/gguf/alphabet-model.js';
import { ensureTestModels } from '../../src/main/inference/gguf/test-models.js';
import { defaultHostEntry } from '../../src/main/inference/host-entry.js';
import { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { utilityProcessTransport } from '../../src/main/inference/utility-process-transport.js';
import type { UtilityFork, UtilityProcessLike } from '../../src/main/inference/utility-process-transport.js';

const shim = fileURLToPath(new URL('./fixtures/parent-port-shim.ts', import.meta.url));

/** Electron's utilityProcess.fork, as far as the transport uses it, over a real Node child. */
const forkLikeElectron: UtilityFork = (modulePath, args, options) => {
  expect(options.stdio).toBe('pipe');
  const child = fork(modulePath, args, { execArgv: ['--import', 'tsx', '--import', shim], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const proc: UtilityProcessLike = {
    get pid() {
      return child.pid;
    },
    stderr: child.stderr,
    postMessage: (msg) => void child.send(msg as never),
    on: (event: 'message' | 'exit', fn: (arg: never) => void) => {
      if (event === 'message') child.on('message', (msg) => fn(msg as never));
      else child.on('exit', (code) => fn((code ?? 1) as never));
      return proc;
    },
    kill: () => child.kill('SIGKILL'),
  };
  return proc;
};

let engine: InferenceEngine | undefined;
afterAll(async () => {
  await engine?.stop();
});

describe('utilityProcess transport (same protocol, host on process.parentPort)', () => {
  it('loads, answers exactly, and survives the host being killed', async () => {
    const models = await ensureTestModels(['tiny']);
    engine = new InferenceEngine({ transport: utilityProcessTransport(forkLikeElectron, { entry: defaultHostEntry().path }), threads: 1, modelPath: models.tiny });
    await engine.start();
    const chunks: string[] = [];
    const r = await engine.run({ prompt: '>' }, { maxTokens: 100, onToken: (t) => chunks.push(t) });
    expect(r.output).toBe(ALPHABET_OUTPUT);
    expect(chunks.join('')).toBe(ALPHABET_OUTPUT);
    const pid = engine.status().hostPid as number;
    const exited = new Promise((resolve) => engine?.once('host-exit', resolve));
    const ready = new Promise<void>((resolve) => {
      const on = (s: { state: string }): void => {
        if (s.state === 'ready') {
          engine?.off('model', on);
          resolve();
        }
      };
      engine?.on('model', on);
    });
    process.kill(pid, 'SIGKILL');
    expect(await exited).toMatchObject({ reason: expect.stringMatching(/inference host exited with code/) as unknown });
    await ready;
    expect((await engine.run({ prompt: 'vw' }, { maxTokens: 10 })).output).toBe('xyz');
  });
});
