import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HeadlessHost } from '../../src/main/headless/headless-host.js';
import { WsServerMessageSchema, type WsServerMessage } from '../../src/shared/ws-protocol.js';
import { startTestHost } from '../support/headless.js';
import { tempDir } from '../support/temp-dir.js';

/** A real ws client against the real host: collects every server message. */
async function connect(host: HeadlessHost, token: string | null, headers: Record<string, string> = {}) {
  const q = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${q}`, { headers });
  const messages: WsServerMessage[] = [];
  ws.on('message', (d) => messages.push(WsServerMessageSchema.parse(JSON.parse(d.toString()))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const waitFor = async (pred: (m: WsServerMessage) => boolean): Promise<WsServerMessage> => {
    for (let i = 0; i < 200; i++) {
      const found = messages.find(pred);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no matching message; got ${JSON.stringify(messages).slice(0, 300)}`);
  };
  return { ws, messages, waitFor };
}

describe('WebSocket bridge on the headless host', () => {
  let host: HeadlessHost;
  let cleanup: () => void;

  beforeEach(async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    host = await startTestHost(tmp.dir);
  });
  afterEach(async () => {
    await host.stop();
    cleanup();
  });

  it('answers an invoke with the contract result', async () => {
    const c = await connect(host, host.token);
    c.ws.send(JSON.stringify({ type: 'invoke', id: 7, op: 'getSnapshot', args: {} }));
    const res = await c.waitFor((m) => m.type === 'result' && m.id === 7);
    expect(res).toMatchObject({ type: 'result', id: 7, envelope: { ok: true, value: { mode: 'off', peers: [] } } });
    c.ws.close();
  });

  it('pushes a mode event to every client after a mode change', async () => {
    const a = await connect(host, host.token);
    const b = await connect(host, host.token);
    a.ws.send(JSON.stringify({ type: 'invoke', id: 1, op: 'setMode', args: { mode: 'bluetooth-local' } }));
    for (const c of [a, b]) {
      const ev = await c.waitFor((m) => m.type === 'event' && (m.payload as { mode?: string }).mode === 'bluetooth-local');
      expect(ev).toMatchObject({ type: 'event', name: 'mode' });
    }
    a.ws.close();
    b.ws.close();
  });

  it('returns error envelopes for bad arguments and unknown operations, and an error for malformed JSON', async () => {
    const c = await connect(host, host.token);
    c.ws.send(JSON.stringify({ type: 'invoke', id: 2, op: 'setMode', args: { mode: 'warp' } }));
    c.ws.send(JSON.stringify({ type: 'invoke', id: 3, op: 'shutdown', args: {} }));
    c.ws.send('{not json');
    expect(await c.waitFor((m) => m.type === 'result' && m.id === 2)).toMatchObject({ envelope: { ok: false, error: { code: 'invalid_arguments' } } });
    expect(await c.waitFor((m) => m.type === 'result' && m.id === 3)).toMatchObject({ envelope: { ok: false, error: { code: 'unknown_operation' } } });
    expect(await c.waitFor((m) => m.type === 'error')).toMatchObject({ message: expect.stringContaining('Malformed') });
    expect(host.core.mode.current.mode).toBe('off');
    c.ws.close();
  });

  it('refuses the upgrade without the token, with a wrong token, and from a foreign origin', async () => {
    await expect(connect(host, null)).rejects.toThrow('HTTP 401');
    await expect(connect(host, 'x'.repeat(32))).rejects.toThrow('HTTP 401');
    await expect(connect(host, host.token, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
  });

  it('guards the HTTP API with the same token and refuses foreign Host headers', async () => {
    const base = `http://127.0.0.1:${host.port}`;
    expect((await fetch(`${base}/api/snapshot`)).status).toBe(401);
    expect((await fetch(`${base}/api/snapshot`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const ok = await fetch(`${base}/api/snapshot`, { headers: { authorization: `Bearer ${host.token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ mode: 'off' });
    const rebinding = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ get }) => {
        get({ host: '127.0.0.1', port: host.port, path: '/', headers: { host: `attacker.example:${host.port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      }, reject);
    });
    expect(rebinding).toBe(403);
  });

  it('revoking every link: a new token; the old one stops at once for HTTP, new WebSockets and the open ones', async () => {
    const base = `http://127.0.0.1:${host.port}`;
    const old = host.token;
    const asking = await connect(host, old);
    const other = await connect(host, old);
    const closed = (c: Awaited<ReturnType<typeof connect>>): Promise<number> => new Promise((resolve) => c.ws.once('close', (code) => resolve(code)));
    const otherClosed = closed(other);
    const askingClosed = closed(asking);
    const printed: string[] = [];
    host.onDashboardUrl((url) => printed.push(url));
    asking.ws.send(JSON.stringify({ type: 'invoke', id: 9, op: 'revokeDashboardLinks', args: {} }));
    // The page that asked gets the new link before its socket is closed.
    const res = await asking.waitFor((m) => m.type === 'result' && m.id === 9);
    const fresh = host.token;
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(res).toMatchObject({ envelope: { ok: true, value: { dashboardUrl: `${base}/#token=${fresh}` } } });
    expect(printed).toEqual([`${base}/#token=${fresh}`]);
    expect(await otherClosed).toBe(4401);
    expect(await askingClosed).toBe(4401);
    expect((await fetch(`${base}/api/snapshot`, { headers: { authorization: `Bearer ${old}` } })).status).toBe(401);
    await expect(connect(host, old)).rejects.toThrow('HTTP 401');
    expect((await fetch(`${base}/api/snapshot`, { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200);
    const again = await connect(host, fresh);
    again.ws.close();
  });

  it('does not serve files outside the dashboard folder', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fpackage.json`);
    expect(res.status).toBe(404);
  });
});
