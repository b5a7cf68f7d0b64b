/** Test helper: scan with a real BleCentralService until `agentId` is identified and routable. */
import type { BleCentralService, PeerRecord } from '../../src/main/ble/central/index.js';
import { bounded } from '../ble-peripheral/mesh-central-helper.js';

export async function scanForAgent(central: BleCentralService, agentId: string, ms = 20_000): Promise<PeerRecord> {
  await central.setScanning(true);
  try {
    return await bounded((async () => {
      for (;;) {
        const p = central.peers().find((x) => x.agentId === agentId && x.routable);
        if (p) return p;
        await new Promise((r) => setTimeout(r, 50));
      }
    })(), `find ${agentId}`, ms);
  } finally {
    await central.setScanning(false);
  }
}
