import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface StreamedRun {
  ttftMs: number;
  /** From the first text to the end of the stream. */
  decodeMs: number;
  tokens: number;
}

export interface StreamClientProcess {
  complete(maxTokens: number): Promise<StreamedRun>;
  stop(): Promise<void>;
}

/** Starts openai-stream-client.ts in a child process against `baseURL`; one completion per call, in turn. */
export function startStreamClient(baseURL: string, apiKey: string, prompt: string): StreamClientProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./openai-stream-client.ts', import.meta.url).pathname, baseURL, apiKey, prompt], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async complete(maxTokens) {
      child.stdin.write(`${maxTokens}\n`);
      const next = await lines.next();
      if (next.done) throw new Error('the openai client process ended');
      const r = JSON.parse(next.value) as { ttftMs: number | null; decodeMs: number | null; tokens: number };
      if (r.ttftMs === null || r.decodeMs === null) throw new Error('the stream carried no text');
      return { ttftMs: r.ttftMs, decodeMs: r.decodeMs, tokens: r.tokens };
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.stdin.end();
      child.kill();
      await once(child, 'exit');
    },
  };
}
