import { afterAll, describe, expect, it } from 'vitest';
import { startCoordinator } from '../../src/coordinator/coordinator-server.js';
import { taskState } from '../../src/coordinator/task-queue.js';
import { queueDemoCodingTasks } from '../../src/sim/demo/demo-coding-tasks.js';
import { CODER_TASKS } from '../../src/main/inference/gguf/coder-programs.js';
import { tempDir } from '../support/temp-dir.js';

describe('the demo\'s coding tasks', () => {
  const tmp = tempDir('demo-coding-');
  afterAll(() => tmp.cleanup());

  it('are queued once on the coordinator, Python and JavaScript, and a demo started again leaves them as they are', async () => {
    const c = await startCoordinator({ dataDir: tmp.dir, port: 0, verifyThreads: 0 });
    try {
      expect(queueDemoCodingTasks(c.db)).toEqual(CODER_TASKS.map((t) => t.id));
      expect(new Set(CODER_TASKS.map((t) => t.language))).toEqual(new Set(['python', 'javascript']));
      expect(CODER_TASKS.filter((t) => t.iterations === 2).map((t) => t.language).sort()).toEqual(['javascript', 'python']);
      for (const t of CODER_TASKS) expect(taskState(c.db, t.id)).toMatchObject({ state: 'queued' });
      expect(queueDemoCodingTasks(c.db)).toEqual([]);
    } finally {
      await c.close();
    }
  });
});
