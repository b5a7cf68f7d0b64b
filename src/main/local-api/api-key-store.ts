/**
 * The local API's key: `<dataDir>/local-api.json` (mode 0600), created on first use, kept across
 * launches so an IDE's settings stay valid, and regenerable; reading it sets it back to 0600.
 * A file that cannot be read as a key is kept aside and replaced; the problem is reported, not hidden.
 */
import { createHash, randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writePrivateFile } from '../core/private-file.js';

export const API_KEY_FILE = 'local-api.json';
const KEY_PATTERN = /^ec-local-[A-Za-z0-9_-]{43}$/;

const fileSchema = z.object({ version: z.literal(1), key: z.string().regex(KEY_PATTERN), createdAt: z.number() });

export interface ApiKeyStoreOptions {
  dataDir: string;
  now: () => number;
  randomBytes?: (size: number) => Buffer;
}

export class ApiKeyStore {
  private key: string | null = null;
  /** What went wrong with the file at load (kept aside as …), or null. */
  problem: string | null = null;
  readonly file: string;
  private readonly random: (size: number) => Buffer;

  constructor(private readonly opts: ApiKeyStoreOptions) {
    this.file = path.join(opts.dataDir, API_KEY_FILE);
    this.random = opts.randomBytes ?? nodeRandomBytes;
  }

  /** The key, read from the file or created on first use. */
  current(): string {
    this.key ??= this.load();
    return this.key;
  }

  /** A new key; the old one stops working at once. */
  regenerate(): string {
    this.key = this.write();
    return this.key;
  }

  /** Timing-safe: both sides hashed to the same length first. */
  matches(given: string): boolean {
    const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(given), digest(this.current()));
  }

  private load(): string {
    if (!existsSync(this.file)) return this.write();
    let raw: string;
    try {
      chmodSync(this.file, 0o600); // narrowed again if a copy or a restore widened it (as identity.json)
      raw = readFileSync(this.file, 'utf8');
    } catch (err) {
      this.problem = `The local API key file ${this.file} could not be read (${(err as Error).message}); a new key was made.`;
      return this.write();
    }
    try {
      return fileSchema.parse(JSON.parse(raw)).key;
    } catch {
      const aside = `${this.file}.corrupt-${this.opts.now()}`;
      renameSync(this.file, aside);
      this.problem = `The local API key file was not valid; it was kept as ${path.basename(aside)} and a new key was made (update your IDE's settings).`;
      return this.write();
    }
  }

  private write(): string {
    const key = `ec-local-${this.random(32).toString('base64url')}`;
    writePrivateFile(this.file, `${JSON.stringify({ version: 1, key, createdAt: this.opts.now() }, null, 2)}\n`);
    return key;
  }
}
