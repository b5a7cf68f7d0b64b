import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/main/core/clock.js';
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';
import { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import type { HostExitEvent } from '../../src/main/inference/engine-types.js';

const exitHost = fileURLToPath(new URL('./fixtures/exit-host.mjs', import.meta.url));
const clock = new ManualClock();
const engine = new InferenceEngine({ transport: childProcessTransport({ entry: exitHost, execArgv: [] }), threads: 1, clock });
afterAll(() => engine.stop());

describe('a host that cannot start', () => {
  it('starts no host without a model; a load fails with the reason, respawns with backoff, then stops trying until needed again', async () => {
    const exits: HostExitEvent[] = [];
    engine.on('host-exit', (e) => exits.push(e));
    const waitExits = async (n: number): Promise<void> => {
      while (exits.length < n) await new Promise((r) => setTimeout(r, 20));
    };
    await engine.start(); // no model: no host process yet
    expect(engine.status()).toMatchObject({ hostPid: undefined, hostRestarts: 0, lastCrash: null });
    await expect(engine.loadModel('/nonexistent.gguf')).rejects.toThrow(/exited with code 3/); // the app stays up
    expect(engine.status().lastCrash).toMatch(/inference host exited with code 3 \(host: cannot start \(fixture\)\)/);
    await waitExits(2); // the first respawn is immediate
    expect(engine.status().hostPid).toBeUndefined(); // the next one waits for the clock
    for (let n = 3; n <= 5; n++) {
      await clock.advance(60_000);
      await waitExits(n);
    }
    await clock.advance(10 * 60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(exits).toHaveLength(5);
    expect(engine.status()).toMatchObject({ hostRestarts: 5, hostPid: undefined, lastCrash: expect.stringMatching(/code 3/) as unknown });
    expect(clock.pending).toBe(0);
    // Asking for a model spawns a host again (and reports the same failure).
    await expect(engine.loadModel('/nonexistent.gguf')).rejects.toThrow(/exited with code 3/);
    expect(engine.modelState.state).toBe('failed');
  });
});
