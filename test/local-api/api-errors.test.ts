import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InferenceEngine } from '../../src/main/inference/inference-engine.js';
import { NoDeviceError, RouteBusyError, RouteDeadlineError } from '../../src/main/routing/route-errors.js';
import { testEngine, testModels } from '../inference/helpers.js';
import { engineRunner, startApi, throwingRunner } from './local-runner.js';
import type { RunningApi } from './local-runner.js';
import { rawRequest } from './raw-http.js';
import type { RawResponse } from './raw-http.js';

let engine: InferenceEngine;
let api: RunningApi;

beforeAll(async () => {
  const models = await testModels();
  engine = testEngine({ modelPath: models.tiny });
  await engine.start();
  api = await startApi(engineRunner(engine));
});
afterAll(async () => {
  await api?.close();
  await engine?.stop();
});

const post = (port: number, path: string, body: unknown, headers: Record<string, string> = {}, key = api.key): Promise<RawResponse> =>
  rawRequest(port, {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const chat = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ model: 'auto', messages: [{ role: 'user', content: 'Hi!' }], max_tokens: 30, ...extra });

function expectError(r: RawResponse, status: number, fields: { type?: string; code?: string; param?: string | null; message?: RegExp }): void {
  expect(r.status).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/json/);
  const body = r.json() as { error: { message: string; type: string; param: string | null; code: string | null } };
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  if (fields.type) expect(body.error.type).toBe(fields.type);
  if (fields.code) expect(body.error.code).toBe(fields.code);
  if (fields.param !== undefined) expect(body.error.param).toBe(fields.param);
  if (fields.message) expect(body.error.message).toMatch(fields.message);
  expect(r.headers['access-control-allow-origin']).toBeUndefined();
}

describe('local API errors over raw HTTP, in OpenAI shape', () => {
  it('401 without a key and with a wrong one', async () => {
    expectError(await rawRequest(api.port, { path: '/v1/models' }), 401, { type: 'authentication_error', code: 'invalid_api_key', message: /Missing API key/ });
    expectError(await post(api.port, '/v1/chat/completions', chat(), {}, 'ec-local-wrong'), 401, { code: 'invalid_api_key', message: /Incorrect API key/ });
  });

  it('400 for a body that is not JSON', async () => {
    expectError(await post(api.port, '/v1/chat/completions', '{"model": "auto", '), 400, { code: 'invalid_json', param: null });
  });

  it('400 naming the parameter for a body that breaks the schema or asks for what is not supported', async () => {
    expectError(await post(api.port, '/v1/chat/completions', { model: 'auto' }), 400, { code: 'invalid_value', param: 'messages' });
    expectError(await post(api.port, '/v1/chat/completions', chat({ messages: [{ role: 'user', content: 42 }] })), 400, { param: 'messages[0].content' });
    expectError(await post(api.port, '/v1/chat/completions', chat({ n: 2 })), 400, { code: 'unsupported_value', param: 'n' });
    expectError(await post(api.port, '/v1/chat/completions', chat({ max_tokens: 1_000_000 })), 400, { param: 'max_tokens' });
    expectError(await post(api.port, '/v1/chat/completions', chat({ tool_choice: 'required', tools: [] })), 400, { param: 'tool_choice' });
    expectError(await post(api.port, '/v1/chat/completions', chat({ messages: [{ role: 'user', content: [{ type: 'image_url' }] }] })), 400, { param: 'messages[0].content[0]' });
    expectError(await post(api.port, '/v1/chat/completions', chat({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] })), 400, { param: 'messages[1].role' });
    expectError(await post(api.port, '/v1/completions', { model: 'auto', prompt: ['a', 'b'] }), 400, { param: 'prompt' });
    expectError(await post(api.port, '/v1/completions', { model: 'auto', prompt: 'a', echo: true }), 400, { param: 'echo' });
  });

  it('accepts tools with tool_choice auto and answers in text', async () => {
    const r = await post(api.port, '/v1/chat/completions', chat({ tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'auto' }));
    expect(r.status).toBe(200);
    expect((r.json() as { choices: Array<{ message: { content: string; tool_calls?: unknown } }> }).choices[0]?.message.tool_calls).toBeUndefined();
  });

  it('400 context_length_exceeded for a prompt that does not fit (never truncated)', async () => {
    expectError(await post(api.port, '/v1/completions', { model: 'auto', prompt: 'Q'.repeat(2000), max_tokens: 100 }), 400, {
      code: 'context_length_exceeded',
      param: 'prompt',
      message: /2001 tokens.*2048/,
    });
  });

  it('413 for a body over 1 MiB', async () => {
    expectError(await post(api.port, '/v1/chat/completions', chat({ messages: [{ role: 'user', content: 'x'.repeat(1_100_000) }] })), 413, { code: 'request_too_large' });
  });

  it('404 for a model nobody serves, naming what is available; 404 for an unknown path', async () => {
    expectError(await post(api.port, '/v1/chat/completions', chat({ model: 'gpt-9' })), 404, { type: 'not_found_error', code: 'model_not_found', param: 'model', message: /gpt-9.*auto, alphabet-tiny/ });
    expectError(await post(api.port, '/v1/chat/completions', chat({ model: 'gpt-9', stream: true })), 404, { code: 'model_not_found' });
    expectError(await rawRequest(api.port, { path: '/v1/embeddings', headers: { authorization: `Bearer ${api.key}` } }), 404, { code: 'unknown_url' });
  });

  it('403 for a foreign Host (DNS rebinding) and a foreign browser Origin; the API\'s own origin and localhost pass', async () => {
    const auth = { authorization: `Bearer ${api.key}` };
    expectError(await rawRequest(api.port, { path: '/v1/models', headers: { ...auth, host: `evil.example:${api.port}` } }), 403, { code: 'forbidden_host' });
    expectError(await rawRequest(api.port, { path: '/v1/models', headers: { ...auth, host: '127.0.0.1:1' } }), 403, { code: 'forbidden_host' });
    expectError(await rawRequest(api.port, { path: '/v1/models', headers: { ...auth, origin: 'https://evil.example' } }), 403, { code: 'forbidden_origin' });
    expectError(await rawRequest(api.port, { method: 'OPTIONS', path: '/v1/chat/completions', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }), 403, { code: 'forbidden_origin' });
    expect((await rawRequest(api.port, { path: '/v1/models', headers: { ...auth, host: `localhost:${api.port}` } })).status).toBe(200);
    expect((await rawRequest(api.port, { path: '/v1/models', headers: { ...auth, origin: `http://127.0.0.1:${api.port}` } })).status).toBe(200);
  });
});

describe('route errors mapped to HTTP (a runner that throws each route error)', () => {
  const cases = [
    { name: '429 with Retry-After when every queue is full', error: () => new RouteBusyError('Every device that serves this model is busy.', 3), status: 429, code: 'queue_full', retry: '3' },
    { name: '503 with Retry-After and the reason when no device can answer', error: () => new NoDeviceError('No model is loaded on this computer and no nearby device is known.', [], 7), status: 503, code: 'no_device', retry: '7' },
    { name: '504 past the deadline', error: () => new RouteDeadlineError(120_000), status: 504, code: 'deadline_exceeded', retry: undefined },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const failing = await startApi(throwingRunner(c.error));
      try {
        for (const stream of [false, true]) {
          const r = await post(failing.port, '/v1/chat/completions', chat({ stream }), {}, failing.key);
          expectError(r, c.status, { code: c.code, message: new RegExp(c.error().message.slice(0, 20)) });
          expect(r.headers['retry-after']).toBe(c.retry);
        }
      } finally {
        await failing.close();
      }
    });
  }
});
