import { describe, expect, it } from 'vitest';
import { SerialChain } from '../../src/main/core/serial-chain.js';

/** The one "run changes one after another" chain (Bluetooth roles, network watching, local API moves). */
describe('SerialChain', () => {
  it('starts each change only after the one before settled, and a failure neither stops the next nor hides itself', async () => {
    const chain = new SerialChain();
    const log: string[] = [];
    let openFirst!: () => void;
    const first = chain.run(async () => {
      log.push('first started');
      await new Promise<void>((resolve) => (openFirst = resolve));
      log.push('first done');
      return 1;
    });
    const second = chain.run(async () => {
      log.push('second started');
      throw new Error('second failed');
    });
    const third = chain.run(async () => {
      log.push('third started');
      return 3;
    });
    await Promise.resolve();
    expect(log).toEqual(['first started']);
    openFirst();
    expect(await first).toBe(1);
    await expect(second).rejects.toThrow('second failed');
    expect(await third).toBe(3);
    expect(log).toEqual(['first started', 'first done', 'second started', 'third started']);
  });
});
