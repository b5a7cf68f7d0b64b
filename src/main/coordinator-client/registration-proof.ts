/**
 * Proof that a registration comes from the holder of the agent's Ed25519 key: the agent signs
 * `edgecoder-register-v1\n<agentId>\n<issuedAt>` and sends `{issuedAt, signature}` (hex) next to its
 * public key, so a registration body picked up later cannot be replayed to obtain that agent's
 * credential. The wire shape and the signing belong to the client; the coordinator's check lives with
 * the ledger's verification (ledger/registration-proof.ts).
 */
export interface RegistrationProof {
  issuedAt: number;
  /** 64-byte Ed25519 signature, hex. */
  signature: string;
}

export function registrationMessage(agentId: string, issuedAt: number): Buffer {
  return Buffer.from(`edgecoder-register-v1\n${agentId}\n${issuedAt}`, 'utf8');
}

export function signRegistration(identity: { readonly agentId: string; sign(message: Buffer): Buffer }, issuedAt: number): RegistrationProof {
  return { issuedAt, signature: identity.sign(registrationMessage(identity.agentId, issuedAt)).toString('hex') };
}
