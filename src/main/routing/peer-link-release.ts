/**
 * A routed exchange with a nearby device may open a Bluetooth connection the central was not holding
 * (the device had been identified, then its link recycled). Such a link is released when the exchange
 * is over, so routed requests do not keep connection slots the central uses for identifying peers.
 */
import type { BleCentralService } from '../ble/central/central-service.js';

export type LinkHolder = Pick<BleCentralService, 'peers' | 'release'>;

/** Call before the exchange; call the returned function when it is over (success or failure). */
export function releaseUnlessKept(central: LinkHolder, peerId: string): () => void {
  const kept = central.peers().some((p) => p.peerId === peerId && p.link === 'connected');
  return () => {
    if (!kept) central.release(peerId, 'routed request done');
  };
}
