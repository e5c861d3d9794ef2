import { unauthenticated } from '../api-errors';
import type { Principal } from './access';
import { hashApiKey, looksLikeApiKey } from '../../shared/auth/api-key-format';
import type { ApiKeyLookup } from '../../shared/auth/api-key-store';
import { isScope } from './scopes';
import type { UserTokenVerifier } from './user-token-verifier';

// Turns the Authorization header into a Principal or a 401. API keys (`hk_...`) and user JWTs both
// travel as `Authorization: Bearer <credential>`; the prefix tells them apart.

export interface Authenticator {
  authenticate(authorization: string | undefined): Promise<Principal>;
}

export function createAuthenticator(deps: { apiKeys: ApiKeyLookup; userTokens: UserTokenVerifier }): Authenticator {
  async function fromApiKey(key: string): Promise<Principal> {
    const record = await deps.apiKeys.findByHash(hashApiKey(key));
    if (record === null) throw unauthenticated('unknown API key');
    if (record.revokedAt !== null) throw unauthenticated('this API key was revoked');
    return { kind: 'service', keyId: record.id, name: record.name, scopes: record.scopes.filter(isScope) };
  }

  async function fromUserToken(token: string): Promise<Principal> {
    const result = await deps.userTokens.verify(token);
    if (result.ok) return { kind: 'user', userId: result.userId };
    if (result.reason === 'expired') throw unauthenticated('the user token has expired');
    if (result.reason === 'disabled') throw unauthenticated('user tokens are not configured on this API');
    throw unauthenticated('the user token is invalid (signature, issuer, audience or claims)');
  }

  return {
    authenticate(authorization) {
      if (authorization === undefined || authorization.trim() === '') {
        return Promise.reject(unauthenticated('missing credentials: send Authorization: Bearer <API key or user token>'));
      }
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match?.[1]) return Promise.reject(unauthenticated('malformed Authorization header: expected "Bearer <credential>"'));
      const credential = match[1];
      return looksLikeApiKey(credential) ? fromApiKey(credential) : fromUserToken(credential);
    },
  };
}
