import type { LedgerStatus } from '../../shared/ledger-status.js';

/** What the book learns from: a nearby device's agent id (once identified) and the name it advertises. */
export interface NamedPeer {
  agentId: string | null;
  localName: string | null;
}

const DEFAULT_LIMIT = 1000;

/**
 * The names nearby devices advertised, by agent id, remembered for this run (bounded, the oldest
 * forgotten first), so the Credits panel and Activity name a device even after it left.
 */
export class PeerNameBook {
  private readonly names = new Map<string, string>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  learn(peers: readonly NamedPeer[]): void {
    for (const p of peers) {
      if (!p.agentId || !p.localName) continue;
      if (this.names.get(p.agentId) === p.localName) continue;
      this.names.delete(p.agentId);
      this.names.set(p.agentId, p.localName);
      if (this.names.size > this.limit) {
        const oldest = this.names.keys().next().value;
        if (oldest !== undefined) this.names.delete(oldest);
      }
    }
  }

  nameOf(agentId: string): string | null {
    return this.names.get(agentId) ?? null;
  }

  /** The ledger report with each per-device total named when the device's name is known. */
  nameReport(report: LedgerStatus): LedgerStatus {
    return {
      ...report,
      peers: report.peers.map((p) => this.named(p)),
      ...(report.unacknowledged ? { unacknowledged: report.unacknowledged.map((p) => this.named(p)) } : {}),
      ...(report.readBackCharges ? { readBackCharges: report.readBackCharges.map((p) => this.named(p)) } : {}),
    };
  }

  private named<T extends { peerId: string }>(p: T): T & { name?: string } {
    const name = this.nameOf(p.peerId);
    return name ? { ...p, name } : p;
  }
}
