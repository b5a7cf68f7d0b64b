/**
 * Proof that a registration comes from the holder of the agent's Ed25519 key: the agent signs
 * `edgecoder-register-v1\n<agentId>\n<issuedAt>` with its private key and sends `{issuedAt, signature}`
 * (hex) next to its public key. The reference coordinator accepts it within a clock-skew window, so a
 * registration body picked up later cannot be replayed to obtain that agent's credential.
 */
import type { KeyObject } from 'node:crypto';
import type { Identity } from './identity.js';
import { verifySignature } from './identity.js';

export interface RegistrationProof {
  issuedAt: number;
  /** 64-byte Ed25519 signature, hex. */
  signature: string;
}

/** How far a proof's issuedAt may be from the coordinator's clock, either way. */
export const REGISTRATION_SKEW_MS = 5 * 60_000;

export function registrationMessage(agentId: string, issuedAt: number): Buffer {
  return Buffer.from(`edgecoder-register-v1\n${agentId}\n${issuedAt}`, 'utf8');
}

export function signRegistration(identity: Pick<Identity, 'agentId' | 'sign'>, issuedAt: number): RegistrationProof {
  return { issuedAt, signature: identity.sign(registrationMessage(identity.agentId, issuedAt)).toString('hex') };
}

/** Why a proof is refused (null: accepted). */
export function checkRegistrationProof(publicKey: KeyObject, agentId: string, proof: RegistrationProof, now: number): string | null {
  if (!Number.isSafeInteger(proof.issuedAt)) return 'issuedAt must be an integer (ms since the epoch)';
  if (Math.abs(now - proof.issuedAt) > REGISTRATION_SKEW_MS) {
    return `issuedAt is ${Math.round((proof.issuedAt - now) / 1000)} s from the coordinator's clock (allowed ±${REGISTRATION_SKEW_MS / 1000} s)`;
  }
  if (!/^[0-9a-f]{128}$/.test(proof.signature)) return 'signature must be 128 lowercase hex chars';
  const ok = verifySignature(publicKey, registrationMessage(agentId, proof.issuedAt), Buffer.from(proof.signature, 'hex'));
  return ok ? null : 'signature does not verify with this public key';
}
