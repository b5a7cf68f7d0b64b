/**
 * The reference coordinator's check of a registration proof (coordinator-client/registration-proof.ts
 * signs it): the signature verifies with the agent's key, within a clock-skew window.
 */
import type { KeyObject } from 'node:crypto';
import { registrationMessage } from '../coordinator-client/registration-proof.js';
import type { RegistrationProof } from '../coordinator-client/registration-proof.js';
import { verifySignature } from './identity.js';

export { registrationMessage, signRegistration } from '../coordinator-client/registration-proof.js';
export type { RegistrationProof } from '../coordinator-client/registration-proof.js';

/** How far a proof's issuedAt may be from the coordinator's clock, either way. */
export const REGISTRATION_SKEW_MS = 5 * 60_000;
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
