/** How tests reach the reference coordinator as a proven agent (a signed registration) or as its operator. */
import type { RegisterRequest } from '../../src/main/coordinator-client/coordinator-schemas.js';
import type { Identity } from '../../src/main/ledger/identity.js';
import { signRegistration } from '../../src/main/ledger/registration-proof.js';

/** A registration body with the proof of `id`'s key, signed now. */
export function registrationOf(id: Identity, over: Partial<RegisterRequest> = {}): RegisterRequest {
  return {
    agentId: id.agentId, os: 'linux', version: '0', mode: 'swarm-only', localModelProvider: 'x', clientType: 'test', maxConcurrentTasks: 1,
    publicKeyPem: id.publicKeyPem, proof: signRegistration(id, Date.now()), ...over,
  };
}

/** Headers of an operator call (/admin/*, /balances, /ledger/verify). */
export const operatorHeaders = (c: { operatorToken: string }): Record<string, string> => ({ 'x-operator-token': c.operatorToken });
