/**
 * Entry of the inference host process (child_process.fork or Electron utilityProcess.fork).
 * llama.cpp lives only here: a model file that makes it abort takes down this process, not the app.
 */
import { InferenceHost } from './inference-host.js';
import { processHostPort } from './host-port.js';

const port = processHostPort();
const host = new InferenceHost((msg) => port.send(msg));
port.onMessage((msg) => host.handle(msg));
// The app went away: do not linger holding the model in memory.
port.onDisconnect(() => {
  void host.dispose().finally(() => process.exit(0));
});
port.send({ type: 'ready', pid: process.pid });
