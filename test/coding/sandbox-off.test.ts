/** sandbox.enabled off: coding work for others is refused with the setting's reason; plain completions are not affected. */
import { describe, expect, it } from 'vitest';
import { perTaskRunner, SANDBOX_OFF_MESSAGE, type CodingResult, type CodingRunner } from '../../src/main/coding/coding-types.js';
import { meshTaskRequestSchema } from '../../src/main/ble/protocol/mesh-schemas.js';
import { withCoding, type WorkRunner } from '../../src/main/mesh/mesh-coding.js';

const ctx = { central: 'aa:bb', signal: new AbortController().signal };
const completion: WorkRunner = async (request) => ({ ok: true, output: `completed: ${request.prompt}`, cpuSeconds: 0.1, durationMs: 5, paramSize: 1 });
const done: CodingResult = { ok: true, output: '1\n', reason: null, code: 'print(1)\n', exitCode: 0, iterations: 1, cpuSeconds: 0.3, modelCpuSeconds: 0.2, sandboxCpuSeconds: 0.1, durationMs: 9, paramSize: 1.5, model: 'm' };

describe('with the sandbox turned off', () => {
  it('the swarm runner, resolved per task, fails a task with the reason', async () => {
    let enabled: CodingRunner | null = async () => done;
    const run = perTaskRunner(() => enabled);
    await expect(run({ language: 'python', task: 't', kind: 'micro_loop' }, { signal: ctx.signal })).resolves.toEqual(done);
    enabled = null;
    await expect(run({ language: 'python', task: 't', kind: 'micro_loop' }, { signal: ctx.signal })).rejects.toThrow(SANDBOX_OFF_MESSAGE);
  });

  it('the mesh provider refuses a coding request with the reason and still serves a plain one', async () => {
    const run = withCoding(completion, () => null);
    const coding = meshTaskRequestSchema.parse({ id: 'r1', prompt: 'Print 1.', language: 'python', coding: { language: 'python' } });
    expect(await run(coding, ctx)).toEqual({ ok: false, error: `refused: ${SANDBOX_OFF_MESSAGE}` });
    expect(await run(meshTaskRequestSchema.parse({ id: 'r2', prompt: 'hi' }), ctx)).toMatchObject({ ok: true, output: 'completed: hi' });
  });

  it('with it on, a coding request carries the run; a coding language other than the signed one is refused', async () => {
    const run = withCoding(completion, () => async () => done);
    const ok = await run(meshTaskRequestSchema.parse({ id: 'r3', prompt: 'Print 1.', language: 'python', coding: { language: 'python' } }), ctx);
    expect(ok).toEqual({ ok: true, output: '1\n', cpuSeconds: 0.3, durationMs: 9, paramSize: 1.5, coding: { generatedCode: 'print(1)\n', exitCode: 0, iterations: 1 } });
    const mismatch = await run(meshTaskRequestSchema.parse({ id: 'r4', prompt: 'x', language: 'python', coding: { language: 'javascript' } }), ctx);
    expect(mismatch).toMatchObject({ ok: false, error: expect.stringMatching(/not the task's language python/) as unknown });
  });
});
