import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, type Migration } from '../../src/main/core/sqlite-migrations.js';

/** The one migration runner of the ledger and the reference coordinator, on a real SQLite database. */
const version = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number;
const tables = (db: Database.Database): string[] =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as Array<{ name: string }>).map((r) => r.name);

describe('migrate', () => {
  it('runs each pending step once, SQL or function, and a failing step leaves the last whole one', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = ['CREATE TABLE a (x INTEGER)', (d) => d.exec('CREATE TABLE b (y INTEGER)')];
    migrate(db, steps, 'test');
    migrate(db, steps, 'test');
    expect([version(db), tables(db)]).toEqual([2, ['a', 'b']]);
    const broken: Migration[] = [...steps, 'CREATE TABLE c (z INTEGER); CREATE TABLE a (x INTEGER)'];
    expect(() => migrate(db, broken, 'test')).toThrow(/already exists/);
    expect([version(db), tables(db)]).toEqual([2, ['a', 'b']]);
    db.close();
  });

  it('refuses a database newer than this build and leaves it as it is', () => {
    const db = new Database(':memory:');
    migrate(db, ['CREATE TABLE a (x INTEGER)', 'CREATE TABLE b (y INTEGER)'], 'ledger');
    expect(() => migrate(db, ['CREATE TABLE a (x INTEGER)'], 'ledger')).toThrow('ledger database is schema v2, newer than this app (v1); refusing to open it');
    expect(version(db)).toBe(2);
    db.close();
  });
});
