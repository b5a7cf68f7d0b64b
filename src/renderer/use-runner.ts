import { useEffect, useMemo } from 'react';
import type { RunnerApi } from '../shared/contract.js';
import type { SimApi } from '../shared/sim-contract.js';
import type { RunnerBridge } from './bridge/electron-bridge.js';
import { selectBridge } from './bridge/select-bridge.js';
import { browserFrameTimers, frameScheduler } from './store/frame-scheduler.js';
import { RunnerStore } from './store/runner-store.js';

export interface RunnerConnection {
  /** The contract, and the simulator's operations (which answer `unknown_operation` where it is absent). */
  api: RunnerApi & SimApi;
  store: RunnerStore;
}

/** Exposes the store's counters to tests and the ui benchmark (read-only figures, no control). */
declare global {
  interface Window {
    __edgecoderStore?: RunnerStore['stats'];
  }
}

/**
 * Connects once and feeds the store: the whole snapshot first (and again after every reconnect,
 * since events missed meanwhile are gone), then every event as it arrives.
 */
export function useRunner(): RunnerConnection {
  const { bridge, store } = useMemo(() => {
    const s = new RunnerStore(frameScheduler(browserFrameTimers));
    const b: RunnerBridge = selectBridge((state) => s.setConnection(state));
    window.__edgecoderStore = s.stats;
    return { bridge: b, store: s };
  }, []);

  useEffect(() => {
    const load = (): void => {
      store.snapshotRequested();
      bridge.getSnapshot({}).then((snap) => store.loadSnapshot(snap), (err: Error) => store.setError(err.message));
    };
    const offEvents = bridge.onAnyEvent((name, payload) => store.receive(name, payload));
    const offOpen = bridge.onOpen(load);
    return () => {
      offEvents();
      offOpen();
    };
  }, [bridge, store]);

  return { api: bridge, store };
}
