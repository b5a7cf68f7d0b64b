/**
 * Persistent Ed25519 identity of this install. The 32-byte private seed lives in
 * `<dataDir>/identity.json` (mode 0600), sealed by a pluggable SecretSealer (plain in Node; the Electron
 * shell passes one backed by safeStorage). A file that exists but cannot be read back is an error, never
 * a silent regeneration: a new key would orphan every credit signed under the old one.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OWNER_ONLY, writePrivateFile } from '../core/private-file.js';

/** At-rest protection of the private seed. `id` is stored so a file sealed by another sealer is refused. */
export interface SecretSealer {
  readonly id: string;
  seal(plain: Buffer): Buffer;
  unseal(sealed: Buffer): Buffer;
}

/** No protection beyond the 0600 file mode (headless hosts, tests). */
export const plainSealer: SecretSealer = { id: 'plain', seal: (b) => Buffer.from(b), unseal: (b) => Buffer.from(b) };

export class IdentityCorruptError extends Error {
  override readonly name = 'IdentityCorruptError';
  constructor(readonly path: string, detail: string) {
    super(
      `identity file ${path} is unreadable (${detail}). It was NOT replaced: a new key would orphan the credits ` +
        `signed with the old one. Restore it from a backup, or move it aside to start a new identity.`,
    );
  }
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
export const DERIVED_AGENT_ID = /^ec-[0-9a-f]{32}$/;

/** Default agentId: `ec-` + first 16 bytes of sha256(raw public key), hex. Self-certifying. */
export function deriveAgentId(publicKeyHex: string): string {
  return `ec-${createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex').slice(0, 32)}`;
}

/**
 * agentId ↔ key binding: a derived-form agentId must be the hash of its key; any other agentId is bound
 * by registration with the coordinator (first come) and by pinning on first sight between peers.
 */
export function agentIdMatchesKey(agentId: string, publicKeyHex: string): boolean {
  return !DERIVED_AGENT_ID.test(agentId) || deriveAgentId(publicKeyHex) === agentId;
}

export function meshTokenHash(meshToken: string): string {
  return createHash('sha256').update(meshToken, 'utf8').digest('hex');
}

export function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== 32) throw new Error('Ed25519 seed must be 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** Public key object from 32 raw bytes (hex); throws on malformed input. */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('public key must be 64 lowercase hex chars');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export function publicKeyHexFromPem(pem: string): string {
  const der = createPublicKey(pem).export({ format: 'der', type: 'spki' });
  if (der.length !== 44 || !der.subarray(0, 12).equals(SPKI_ED25519_PREFIX)) throw new Error('not an Ed25519 public key');
  return der.subarray(12).toString('hex');
}

export function verifySignature(publicKey: KeyObject, message: Buffer, signature: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

export class Identity {
  readonly publicKeyHex: string;
  readonly publicKey: KeyObject;
  readonly agentId: string;
  private readonly privateKey: KeyObject;

  constructor(seed: Buffer, agentId?: string) {
    this.privateKey = privateKeyFromSeed(seed);
    this.publicKey = createPublicKey(this.privateKey);
    this.publicKeyHex = (this.publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(12).toString('hex');
    const id = agentId ?? deriveAgentId(this.publicKeyHex);
    if (!agentIdMatchesKey(id, this.publicKeyHex)) throw new Error(`agentId ${id} has the derived form but is not this key's hash`);
    if (!/^[A-Za-z0-9._:@-]{1,128}$/.test(id)) throw new Error(`agentId ${id} must be 1-128 chars of [A-Za-z0-9._:@-]`);
    this.agentId = id;
  }

  get publicKeyPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  sign(message: Buffer): Buffer {
    return sign(null, message, this.privateKey);
  }

  /** The identity JSON served on the BLE 0002 characteristic. */
  bleIdentity(meshToken: string): { agentId: string; meshTokenHash: string; publicKey: string } {
    return { agentId: this.agentId, meshTokenHash: meshTokenHash(meshToken), publicKey: this.publicKeyHex };
  }
}

export interface LoadIdentityOptions {
  dataDir: string;
  sealer?: SecretSealer;
  /** Overrides the derived agentId (must then be registered with the coordinator). */
  agentId?: string;
}

interface IdentityFile {
  v: 1;
  sealer: string;
  secret: string;
  publicKey: string;
}

/** Loads the identity from the data dir, creating it on first run only. */
export function loadOrCreateIdentity(opts: LoadIdentityOptions): Identity {
  const sealer = opts.sealer ?? plainSealer;
  const path = join(opts.dataDir, 'identity.json');
  if (!existsSync(path)) {
    mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    const seed = randomBytes(32);
    const identity = new Identity(seed, opts.agentId);
    const file: IdentityFile = { v: 1, sealer: sealer.id, secret: sealer.seal(seed).toString('base64'), publicKey: identity.publicKeyHex };
    writePrivateFile(path, `${JSON.stringify(file)}\n`);
    return identity;
  }
  chmodSync(path, OWNER_ONLY);
  let file: IdentityFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as IdentityFile;
  } catch (err) {
    throw new IdentityCorruptError(path, `not JSON: ${(err as Error).message}`);
  }
  if (file?.v !== 1 || typeof file.secret !== 'string' || typeof file.publicKey !== 'string') throw new IdentityCorruptError(path, 'unknown format');
  if (file.sealer !== sealer.id) throw new IdentityCorruptError(path, `sealed by "${file.sealer}", this host unseals "${sealer.id}"`);
  let seed: Buffer;
  try {
    seed = sealer.unseal(Buffer.from(file.secret, 'base64'));
  } catch (err) {
    throw new IdentityCorruptError(path, `cannot unseal: ${(err as Error).message}`);
  }
  if (seed.length !== 32) throw new IdentityCorruptError(path, 'secret is not a 32-byte seed');
  const identity = new Identity(seed, opts.agentId);
  if (identity.publicKeyHex !== file.publicKey) throw new IdentityCorruptError(path, 'secret does not match the recorded public key');
  return identity;
}
