/**
 * A swarm worker in its own process, for the SIGKILL test: `swarm-child.ts <coordinator url> <model>`.
 * Prints `started <host pid>` once its task is running on the engine.
 */
import { childProcessTransport } from '../../src/main/inference/child-process-transport.js';
import { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { swarmRig } from './swarm-fixture.js';

const [url, model] = process.argv.slice(2);
if (!url || !model) throw new Error('usage: swarm-child.ts <coordinator url> <model>');
const engine = new InferenceEngine({ transport: childProcessTransport(), threads: 1, modelPath: model });
await engine.start();
engine.on('request', (e) => {
  if (e.phase === 'started') process.stdout.write(`started ${engine.status().hostPid ?? 0}\n`);
});
// Long enough to be killed mid-task, short enough to fit the model's 2048-token context (longer is refused).
const rig = swarmRig({ url, engine, label: 'doomed', maxTokens: 2_000 });
await rig.worker.start();
