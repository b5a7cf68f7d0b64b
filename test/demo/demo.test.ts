import { once } from 'node:events';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import type { SimDeviceState, SimState } from '../../src/shared/sim-status.js';
import { CODER_TASKS } from '../../src/main/inference/gguf/coder-programs.js';
import { tempDir } from '../support/temp-dir.js';
import { childrenOf, connectDashboard, isAlive, startDemoProcess } from './demo-client.js';

/**
 * `npm run demo` end to end, as a user runs it: one process with the reference coordinator, the
 * simulated neighbourhood answering with real llama.cpp and the headless host; driven only through
 * the dashboard's contract (WebSocket bridge) and stopped with SIGTERM.
 */
describe('npm run demo', () => {
  const tmp = tempDir('edgecoder-demo-');
  let demo: Awaited<ReturnType<typeof startDemoProcess>> | null = null;
  afterAll(() => {
    if (demo && demo.child.exitCode === null) demo.child.kill('SIGKILL');
    tmp.cleanup();
  });

  it('starts On with the coder model, runs the coordinator\'s coding tasks, falls back to Bluetooth Local when the network is cut, shows device changes, and stops cleanly', async () => {
    demo = await startDemoProcess(['--port', '0', '--api-port', '0', '--data-dir', tmp.dir]);
    expect(demo.stdout()).toMatch(/^Dashboard: http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+\nLocal API: http:\/\/127\.0\.0\.1:\d+\/v1 key=ec-local-\S+\n$/);
    const api = /^Local API: (\S+) key=(\S+)$/.exec(demo.localApi);
    expect(api).not.toBeNull();
    const dash = await connectDashboard(demo.dashboard);

    // On, registered with the demo's coordinator, the tiny model loaded in llama.cpp.
    const ready = await dash.until('mode on, online, model ready', (s) => s.mode === 'on' && s.network.state === 'online' && s.model?.state === 'ready');
    expect(ready.model?.name).toMatch(/coder-tiny/);

    // The coordinator's coding tasks: written by the coder model on llama.cpp, run in the sandbox (one of
    // each language fixed on the second iteration), in Activity and at the coordinator with their output.
    const swarmLines = (s: { activity: Array<{ message: string }> }): string[] => s.activity.map((a) => a.message).filter((m) => m.includes('task for the swarm'));
    const coded = await dash.until('the four coding tasks done', (s) => swarmLines(s).length >= CODER_TASKS.length, 180_000);
    expect(swarmLines(coded).sort()).toEqual([
      expect.stringMatching(/^Ran a JavaScript task for the swarm: ok after 1 attempt, /),
      expect.stringMatching(/^Ran a JavaScript task for the swarm: ok after 2 attempts, /),
      expect.stringMatching(/^Ran a Python task for the swarm: ok after 1 attempt, /),
      expect.stringMatching(/^Ran a Python task for the swarm: ok after 2 attempts, /),
    ]);
    const coordinator = /coordinator (http:\/\/\S+) \(operator token (\S+):/.exec(demo.stderr());
    expect(coordinator).not.toBeNull();
    for (const t of CODER_TASKS) {
      const res = await fetch(`${coordinator?.[1] ?? ''}/admin/tasks/${t.id}`, { headers: { 'x-operator-token': coordinator?.[2] ?? '' } });
      expect(await res.json()).toMatchObject({ state: 'done', result: { ok: true, output: t.stdout, iterations: t.iterations, exitCode: 0, language: t.language } });
    }

    const sim = await dash.value<SimState>('simGetState');
    expect(sim.network).toEqual({ up: true });
    expect(sim.devices.map((d) => d.kind).sort()).toEqual(['iphone', 'laptop', 'phone', 'phone', 'phone']);

    // Cutting the simulated network: the OS link goes down and the coordinator becomes unreachable.
    await dash.value('simSetNetwork', { up: false });
    const fallen = await dash.until('Bluetooth Local after the cut', (s) => s.mode === 'bluetooth-local' && s.network.state === 'offline');
    expect(fallen.modeChange.cause).toBe('network-lost');

    // Bluetooth Local scans: every virtual device appears under Nearby devices, identified (each mesh
    // device with the model size it advertises, not the tiny model that answers for it).
    const identified = (s: { peers: Array<{ name: string; paramSize: number; profile: string }> }, n: string): boolean =>
      s.peers.some((p) => p.name === n && (p.profile === 'bluetooth-local' || p.paramSize > 0));
    const seen = await dash.until('all five devices nearby and identified', (s) => sim.devices.every((d) => identified(s, d.name)));
    expect(seen.peers.find((p) => p.name === 'EdgeCoder sim-laptop-1')).toMatchObject({ deviceType: 'laptop', paramSize: 7, sameMesh: true });
    expect(seen.peers.find((p) => p.name === 'EdgeCoder sim-phone-2')).toMatchObject({ deviceType: 'phone', paramSize: 1.5, sameMesh: true });
    expect(seen.peers.find((p) => p.name === 'iPhone 1')).toMatchObject({ profile: 'bluetooth-local' });

    // The Local API line works with the official openai client: answered by this computer or a nearby
    // device, and the headers say which one.
    const client = new OpenAI({ baseURL: api?.[1] ?? '', apiKey: api?.[2] ?? '', maxRetries: 0 });
    const { data, response } = await client.chat.completions.create({ model: 'auto', max_tokens: 20, messages: [{ role: 'user', content: 'uvw' }] }).withResponse();
    // This computer applies the model's chat template, a nearby device gets the bare prompt: letters either way.
    expect(data.choices[0]?.message.content).toMatch(/^[a-z]+$/);
    expect(['this computer', ...sim.devices.map((d) => d.name)]).toContain(response.headers.get('x-edgecoder-served-by'));
    expect(response.headers.get('x-edgecoder-route')).toMatch(/^kind=(this-computer|mesh|bluetooth-local); total=/);

    // A phone's battery changes where a real phone's would (its capabilities): the dashboard shows it.
    const phone = sim.devices.find((d) => d.name === 'EdgeCoder sim-phone-1') as SimDeviceState;
    const changed = await dash.value<SimDeviceState>('simSetDevice', { id: phone.id, batteryPct: 17 });
    expect(changed.batteryPct).toBe(17);
    await dash.until('sim-phone-1 at 17 %', (s) => s.peers.some((p) => p.name === phone.name && p.batteryPct === 17));
    expect(await dash.call('simSetDevice', { id: phone.id, batteryPct: 101 })).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });

    dash.close();
    const children = childrenOf(demo.child.pid ?? -1);
    expect(children.length).toBeGreaterThanOrEqual(2); // the runner's llama.cpp host and the devices' one
    demo.child.kill('SIGTERM');
    const [code] = (await once(demo.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(children.filter(isAlive)).toEqual([]);
  }, 400_000);
});
