import { memoryLogger } from '../../src/main/core/logger.js';
import { BleCentralService } from '../../src/main/ble/central/index.js';
import { describeEvictionContract } from './central-timing-contract.js';
import { MESH_HASH } from './sim-world.js';

describeEvictionContract('BleCentralService (noble on the simulated HCI)', (world, clock) =>
  new BleCentralService({ nobleFactory: () => world.noble, clock, logger: memoryLogger(), meshTokenHash: MESH_HASH }));
