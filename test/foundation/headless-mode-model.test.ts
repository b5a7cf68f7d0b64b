import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHeadlessArgs } from '../../src/main/headless/args.js';
import { ModelArgumentError, useModelFile } from '../../src/main/headless/model-arg.js';
import { ensureTestModel } from '../../src/main/inference/gguf/test-models.js';
import { ModelManager } from '../../src/main/models/model-manager.js';
import { tempDir } from '../support/temp-dir.js';

describe('--mode and --model', () => {
  it.each([
    [['--mode', 'on'], { mode: 'on', model: null }],
    [['--mode=bluetooth-local'], { mode: 'bluetooth-local', model: null }],
    [['--mode', 'off', '--model', '/m/a.gguf'], { mode: 'off', model: '/m/a.gguf' }],
    [['--model=/m/Upper.GGUF'], { mode: null, model: '/m/Upper.GGUF' }],
  ])('accepts %j', (argv, expected) => {
    expect(parseHeadlessArgs(argv)).toMatchObject(expected);
  });

  it('resolves a relative --model path against the working directory', () => {
    expect(parseHeadlessArgs(['--model', 'models/x.gguf']).model).toBe(path.resolve('models/x.gguf'));
  });

  it.each([
    [['--mode', 'turbo'], /--mode must be one of off, on, bluetooth-local, got "turbo"/],
    [['--mode', 'On'], /--mode must be one of/],
    [['--mode'], /--mode needs a value/],
    [['--model', 'Weights.BIN'], /--model must name a .gguf file or a catalogue model \(npm run models -- --list\), got "Weights.BIN"/],
    [['--model='], /--model needs a value/],
  ])('rejects %j with a one-line message', (argv, message) => {
    expect(() => parseHeadlessArgs(argv)).toThrow(message);
  });
});

describe('useModelFile (the --model rule)', () => {
  const tmp = tempDir('edgecoder-model-arg-');
  let tiny: string;
  let manager: ModelManager;
  let copies = 0;
  const counted = (): Parameters<typeof useModelFile>[0] => ({
    modelsDir: manager.modelsDir,
    list: () => manager.list(),
    select: (f) => manager.select(f),
    addLocal: (p) => {
      copies++;
      return manager.addLocal(p);
    },
  });

  beforeAll(async () => {
    tiny = (await ensureTestModel('tiny')).path;
    manager = new ModelManager({ dataDir: path.join(tmp.dir, 'data') });
    await manager.start();
  });
  afterAll(() => tmp.cleanup());

  it('copies a model from elsewhere once, makes it active, and reuses it on the next start', async () => {
    const entry = await useModelFile(counted(), tiny);
    expect(entry.fileName).toBe('alphabet-tiny.gguf');
    expect(manager.active()?.fileName).toBe('alphabet-tiny.gguf');
    expect(existsSync(path.join(manager.modelsDir, 'alphabet-tiny.gguf'))).toBe(true);
    manager.select(null);
    await useModelFile(counted(), tiny);
    await useModelFile(counted(), path.join(manager.modelsDir, 'alphabet-tiny.gguf'));
    expect(copies).toBe(1);
    expect(manager.active()?.fileName).toBe('alphabet-tiny.gguf');
  });

  it('refuses a file that is not a GGUF model and copies nothing', async () => {
    const bad = path.join(tmp.dir, 'notes.gguf');
    writeFileSync(bad, 'this is not a model\n');
    const err = await useModelFile(counted(), bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelArgumentError);
    expect((err as Error).message).toMatch(/^--model: notes\.gguf is not a usable GGUF model/);
    expect((err as Error).message).not.toContain('\n');
    expect(readdirSync(manager.modelsDir)).not.toContain('notes.gguf');
    expect(manager.active()?.fileName).toBe('alphabet-tiny.gguf');
  });

  it('names a missing file', async () => {
    await expect(useModelFile(counted(), path.join(tmp.dir, 'nope.gguf'))).rejects.toThrow(/^--model: no such file: .*nope\.gguf$/);
  });
});

describe('the headless entry with a bad --model', () => {
  const tmp = tempDir('edgecoder-model-exit-');
  afterAll(() => tmp.cleanup());

  it('prints one line and exits with 2', async () => {
    const bad = path.join(tmp.dir, 'broken.gguf');
    writeFileSync(bad, 'GGUF but not really');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main/headless.ts', '--port', '0', '--data-dir', path.join(tmp.dir, 'data'), '--model', bad], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(out).toBe('');
    const lines = err.split('\n').filter((l) => l.startsWith('edgecoder-runner:'));
    expect(lines).toEqual([expect.stringMatching(/^edgecoder-runner: --model: broken\.gguf is not a usable GGUF model/)]);
  }, 60_000);
});
