import { createContext, useContext, useSyncExternalStore } from 'react';
import type { RunnerStore, RunnerView } from './runner-store.js';

export const RunnerStoreContext = createContext<RunnerStore | null>(null);

function useStore(): RunnerStore {
  const store = useContext(RunnerStoreContext);
  if (!store) throw new Error('useRunnerSelector outside RunnerStoreContext');
  return store;
}

/**
 * One slice of the live data: the component renders again only when the selected value changes
 * (by reference: slices are replaced only when their event arrives, so select a slice, never build
 * a new object in the selector).
 */
export function useRunnerSelector<T>(select: (view: RunnerView) => T): T {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, () => select(store.getView()));
}

export const selectSnapshot = (v: RunnerView): RunnerView['snapshot'] => v.snapshot;
export const selectConnection = (v: RunnerView): RunnerView['connection'] => v.connection;
export const selectError = (v: RunnerView): RunnerView['error'] => v.error;
