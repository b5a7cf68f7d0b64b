import { electronBridge, type PreloadApi, type RunnerBridge } from './electron-bridge.js';
import { wsBridge, type ConnectionState } from './ws-bridge-client.js';

declare global {
  interface Window {
    edgecoder?: PreloadApi;
  }
}

/**
 * The dashboard runs the same code in Electron (preload bridge) and in a browser (WebSocket bridge to
 * the headless host, token from the URL fragment, which browsers never send to the server).
 */
export function selectBridge(onState: (s: ConnectionState) => void): RunnerBridge {
  if (window.edgecoder) {
    onState('open');
    return electronBridge(window.edgecoder);
  }
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
  return wsBridge({ origin: window.location.origin, token, onState });
}
