/**
 * The floor for the api benchmark: the same engine behind the least an OpenAI-style streaming
 * endpoint can be (node:http, JSON.parse, one `data:` chunk per token, no checks, no router). What
 * the openai client and loopback HTTP cost on this machine whatever the server; the local API's own
 * share is its time to first token above this.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';

export async function startBareSseServer(engine: Pick<InferenceEngine, 'run'>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const { prompt, max_tokens: maxTokens } = JSON.parse(body) as { prompt: string; max_tokens: number };
      const base = { id: 'cmpl-floor', object: 'text_completion', created: Math.floor(Date.now() / 1000), model: 'auto' };
      const send = (data: unknown): boolean => res.write(`data: ${JSON.stringify(data)}\n\n`);
      let open = false;
      void engine.run({ prompt }, {
        maxTokens,
        onToken: (text) => {
          if (!open) {
            open = true;
            res.socket?.setNoDelay(true);
            res.writeHead(200, { 'content-type': 'text/event-stream' });
          }
          send({ ...base, choices: [{ index: 0, text, finish_reason: null, logprobs: null }] });
        },
      }).then((r) => {
        send({ ...base, choices: [{ index: 0, text: '', finish_reason: 'length', logprobs: null }] });
        send({ ...base, choices: [], usage: { prompt_tokens: r.promptTokens, completion_tokens: r.tokens, total_tokens: r.promptTokens + r.tokens } });
        res.end('data: [DONE]\n\n');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
