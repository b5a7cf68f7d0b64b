import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/main/core/clock.js';
import { memoryLogger } from '../../src/main/core/logger.js';
import { startHeadlessHost } from '../../src/main/headless/headless-host.js';
import type { HeadlessHost } from '../../src/main/headless/headless-host.js';
import { parseHeadlessArgs } from '../../src/main/headless/args.js';
import { SettingsSchema } from '../../src/shared/settings.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function host(apiPort: number): Promise<HeadlessHost> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ec-headless-api-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const h = await startHeadlessHost({ dataDir, port: 0, apiPort, rendererDir: path.resolve('dist/renderer'), clock: systemClock, logger: memoryLogger() });
  cleanups.push(() => h.stop());
  return h;
}

describe('the local API in the headless host', () => {
  it('runs after the core, answers the openai client with its key, and the contract shows and regenerates the key', async () => {
    const h = await host(0);
    const info = await h.core.handlers.getLocalApi({});
    expect(info).toMatchObject({ state: 'running', error: null });
    expect(info.baseUrl).toBe(`http://127.0.0.1:${info.port}/v1`);
    expect(h.localApiLine).toBe(`Local API: ${info.baseUrl} key=${info.key}`);
    const client = new OpenAI({ baseURL: info.baseUrl ?? '', apiKey: info.key, maxRetries: 0 });
    // No model chosen yet: only `auto`, and a request says why nothing can answer.
    expect((await client.models.list()).data.map((m) => m.id)).toEqual(['auto']);
    const err = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect((err as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
    expect((err as InstanceType<typeof OpenAI.APIError>).message).toMatch(/this computer has no model loaded/);

    const renewed = await h.core.handlers.regenerateLocalApiKey({});
    expect(renewed.key).not.toBe(info.key);
    await expect(client.models.list()).rejects.toMatchObject({ status: 401 });
    const again = new OpenAI({ baseURL: info.baseUrl ?? '', apiKey: renewed.key, maxRetries: 0 });
    expect((await again.models.list()).data[0]?.id).toBe('auto');
  });

  it('prints the Local API line again when the key is made anew or the port moves in Settings, never a stale one', async () => {
    const h = await host(0);
    const lines: string[] = [];
    h.onLocalApiLine((line) => lines.push(line));
    const before = await h.core.handlers.getLocalApi({});
    const renewed = await h.core.handlers.regenerateLocalApiKey({});
    expect(lines).toEqual([`Local API: ${before.baseUrl} key=${renewed.key}`]);

    const free = net.createServer();
    await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
    const port = (free.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const printed = new Promise<string>((resolve) => h.onLocalApiLine(resolve));
    expect(await h.core.handlers.updateSettings({ changes: { localApi: { port } } })).toMatchObject({ ok: true });
    expect(await printed).toBe(`Local API: http://127.0.0.1:${port}/v1 key=${renewed.key}`);
    expect(lines).toHaveLength(2);
  });

  it('a busy port leaves the API failed with the reason in Activity while the dashboard keeps working', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const busy = (blocker.address() as net.AddressInfo).port;
    const h = await host(busy);
    const info = await h.core.handlers.getLocalApi({});
    expect(info).toMatchObject({ state: 'failed', baseUrl: null, port: null });
    expect(info.error).toMatch(new RegExp(`Port ${busy} on 127.0.0.1 is already in use`));
    expect(h.localApiLine).toMatch(/^Local API: off \(Port \d+ on 127\.0\.0\.1 is already in use/);
    const snapshot = await h.core.handlers.getSnapshot({});
    expect(snapshot.activity.some((a) => a.level === 'error' && a.message.includes('already in use'))).toBe(true);
    const res = await fetch(`http://127.0.0.1:${h.port}/api/snapshot`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(res.status).toBe(200);
  });

  it('settings default the port to 4311 and refuse one out of range; --api-port overrides it', () => {
    expect(SettingsSchema.parse({}).localApi).toEqual({ port: 4311 });
    expect(SettingsSchema.safeParse({ localApi: { port: 70000 } }).success).toBe(false);
    expect(parseHeadlessArgs(['--api-port', '0']).apiPort).toBe(0);
    expect(parseHeadlessArgs([]).apiPort).toBeNull();
    expect(() => parseHeadlessArgs(['--api-port', '65536'])).toThrow(/--api-port must be a number from 0 to 65535/);
  });
});
