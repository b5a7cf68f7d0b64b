import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY_FILE, ApiKeyStore } from '../../src/main/local-api/api-key-store.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ec-keys-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let fill = 0;
const store = (dataDir: string): ApiKeyStore => new ApiKeyStore({ dataDir, now: () => 1_700_000_000_000, randomBytes: (n) => Buffer.alloc(n, ++fill) });

describe('local API key store', () => {
  it('creates a key on first use in local-api.json (0600) and keeps it across launches', () => {
    const dir = tempDir();
    const key = store(dir).current();
    expect(key).toMatch(/^ec-local-[A-Za-z0-9_-]{43}$/);
    const file = path.join(dir, API_KEY_FILE);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1, key });
    expect(store(dir).current()).toBe(key);
  });

  it('regenerates: the old key stops matching, the new one is persisted', () => {
    const dir = tempDir();
    const s = store(dir);
    const old = s.current();
    const next = s.regenerate();
    expect(next).not.toBe(old);
    expect(s.matches(old)).toBe(false);
    expect(s.matches(next)).toBe(true);
    expect(store(dir).current()).toBe(next);
  });

  it('compares any length without throwing', () => {
    const s = store(tempDir());
    expect(s.matches('')).toBe(false);
    expect(s.matches('x'.repeat(500))).toBe(false);
  });

  it('keeps a corrupt file aside, makes a new key and reports it', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, API_KEY_FILE), '{"version": 1, "key": "short"');
    const s = store(dir);
    const key = s.current();
    expect(key).toMatch(/^ec-local-/);
    expect(s.problem).toMatch(/kept as local-api\.json\.corrupt-1700000000000/);
    expect(readdirSync(dir).sort()).toEqual([API_KEY_FILE, `${API_KEY_FILE}.corrupt-1700000000000`]);
    expect(readFileSync(path.join(dir, `${API_KEY_FILE}.corrupt-1700000000000`), 'utf8')).toBe('{"version": 1, "key": "short"');
  });
});
