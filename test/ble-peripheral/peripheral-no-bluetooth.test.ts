import { describe, expect, it } from 'vitest';
import { MeshPeripheralService } from '../../src/main/ble/peripheral/mesh-peripheral-service.js';

// No simulation installed: the default source loads the real bleno, whose native HCI socket cannot open
// on a machine without Bluetooth (this one: no AF_BLUETOOTH).
describe('peripheral service with the real bleno and no Bluetooth', () => {
  it('reports unavailable with the reason instead of throwing', async () => {
    const service = new MeshPeripheralService({
      identity: { agentId: 'a', meshTokenHash: '00'.repeat(16), publicKey: 'pk' },
      capabilities: { model: 'm', modelParamSize: 7, deviceType: 'laptop' },
      taskHandler: async () => ({ ok: true }),
    });
    await service.start();
    const { state } = service.status();
    expect(state.kind).toBe('unavailable');
    expect(state.kind === 'unavailable' && state.reason.length > 0).toBe(true);
    await service.stop();
  });
});
