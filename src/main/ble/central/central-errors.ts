/** Errors the central hands to its callers (router, ledger sync); each says which peer and why. */
export class PeerUnknownError extends Error {
  override readonly name = 'PeerUnknownError';
  constructor(readonly peerId: string) {
    super(`peer ${peerId} is not in the peer table`);
  }
}

export class PeerNotRoutableError extends Error {
  override readonly name = 'PeerNotRoutableError';
  constructor(readonly peerId: string, readonly reason: string) {
    super(`peer ${peerId} cannot take work: ${reason}`);
  }
}

export class LinkLostError extends Error {
  override readonly name = 'LinkLostError';
  constructor(readonly peerId: string, readonly reason: string) {
    super(`link to ${peerId} lost: ${reason}`);
  }
}

export class CentralUnavailableError extends Error {
  override readonly name = 'CentralUnavailableError';
  constructor(readonly reason: string) {
    super(`Bluetooth central unavailable: ${reason}`);
  }
}

/** A peer answered, but with something we refuse (bad JSON, schema violation, failed read). */
export class PeerProtocolError extends Error {
  override readonly name = 'PeerProtocolError';
  constructor(readonly peerId: string, readonly code: string, message: string) {
    super(`peer ${peerId}: ${message}`);
  }
}
