import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger, stderrLogger } from '../../src/main/core/logger.js';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import { describeCentralContract } from './central-contract.js';
import { MESH_HASH } from './sim-world.js';

describeCentralContract('BleCentralService (noble on the simulated HCI)', (world) =>
  new BleCentralService({
    nobleFactory: () => world.noble,
    clock: systemClock,
    logger: process.env.BLE_DEBUG ? stderrLogger('debug') : memoryLogger(),
    meshTokenHash: MESH_HASH,
    backoff: { kind: 'exponential', baseMs: 200, capMs: 2_000, jitter: 0.1, maxAttempts: 10 },
    gattDeadlines: { connectMs: 5_000 },
    rssiIntervalMs: 300,
  }));
