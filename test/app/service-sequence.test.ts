import { describe, expect, it } from 'vitest';
import { ServiceSequence } from '../../src/main/app/service-sequence.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import type { Service } from '../../src/main/core/service.js';

function recording(log: string[], name: string, fail: { start?: boolean; stop?: boolean } = {}): Service {
  return {
    name,
    start: async () => {
      if (fail.start) throw new Error(`${name} cannot start`);
      log.push(`start ${name}`);
    },
    stop: async () => {
      if (fail.stop) throw new Error(`${name} cannot stop`);
      log.push(`stop ${name}`);
    },
  };
}

describe('ServiceSequence', () => {
  it.each([
    ['all start in order and stop in reverse', {}, ['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a'], false],
    ['a failed start stops the sequence; stop() stops only those started', { b: { start: true } }, ['start a', 'stop a'], true],
    ['a failed stop is logged and the others still stop', { b: { stop: true } }, ['start a', 'start b', 'start c', 'stop c', 'stop a'], false],
  ])('%s', async (_what, failures: Record<string, { start?: boolean; stop?: boolean }>, expected, startRejects) => {
    const log: string[] = [];
    const logger = memoryLogger();
    const seq = new ServiceSequence(['a', 'b', 'c'].map((n) => recording(log, n, failures[n])), logger);
    if (startRejects) await expect(seq.start()).rejects.toThrow('cannot start');
    else await seq.start();
    await seq.stop();
    expect(log).toEqual(expected);
    await seq.stop(); // a second stop stops nothing twice
    expect(log).toEqual(expected);
  });
});
