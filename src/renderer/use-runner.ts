import { useEffect, useMemo, useState } from 'react';
import type { RunnerApi } from '../shared/contract.js';
import type { Snapshot } from '../shared/snapshot.js';
import { selectBridge } from './bridge/select-bridge.js';
import type { ConnectionState } from './bridge/ws-bridge-client.js';

export interface RunnerState {
  api: RunnerApi;
  snapshot: Snapshot | null;
  connection: ConnectionState;
  error: string | null;
}

/** Connects once, loads the snapshot, then follows snapshot events. */
export function useRunner(): RunnerState {
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const api = useMemo(() => selectBridge(setConnection), []);
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const off = api.on('snapshot', setSnapshot);
    api.getSnapshot({}).then(setSnapshot, (err: Error) => setError(err.message));
    return off;
  }, [api]);

  return { api, snapshot, connection, error };
}
