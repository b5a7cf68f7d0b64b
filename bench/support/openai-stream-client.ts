/**
 * An IDE stand-in for the api benchmark, in a process of its own as an IDE is: the official openai
 * client streams one completion per line read on stdin and prints one JSON line per completion:
 * milliseconds to the first text, from the first text to the end, and the tokens the usage reports.
 * argv: base URL, API key, prompt.
 */
import OpenAI from 'openai';
import { createInterface } from 'node:readline';

const [baseURL, apiKey, prompt] = process.argv.slice(2);
if (!baseURL || !apiKey || prompt === undefined) throw new Error('usage: openai-stream-client <baseURL> <apiKey> <prompt>');
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });

for await (const line of createInterface({ input: process.stdin })) {
  const maxTokens = Number(line);
  const started = performance.now();
  let first: number | null = null;
  let tokens = 0;
  const stream = await client.completions.create({ model: 'auto', prompt, max_tokens: maxTokens, stream: true, stream_options: { include_usage: true } });
  for await (const c of stream) {
    if (c.choices[0]?.text) first ??= performance.now();
    if (c.usage) tokens = c.usage.completion_tokens;
  }
  const end = performance.now();
  process.stdout.write(`${JSON.stringify({ ttftMs: first === null ? null : first - started, decodeMs: first === null ? null : end - first, tokens })}\n`);
}
