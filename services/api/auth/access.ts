import { forbidden } from '../api-errors';
import { scopeAllows, type Scope } from './scopes';

// Who is calling, and the pure decision whether they may use a route. Authentication failures are 401
// (decided in authenticator.ts); an authenticated caller that lacks a scope, or a user reaching for
// another user's data, is 403.

export type Principal =
  | { readonly kind: 'service'; readonly keyId: string; readonly name: string; readonly scopes: readonly Scope[] }
  | { readonly kind: 'user'; readonly userId: string };

/** What a route requires, declared on the route (`config.access`). */
export type Access =
  | { readonly kind: 'public' }
  /** API keys holding `scope`. */
  | { readonly kind: 'service'; readonly scope: Scope }
  /** API keys holding `scope`, or a user JWT whose subject is the route's `:userId`. */
  | { readonly kind: 'self-or-service'; readonly scope: Scope };

export function authorize(principal: Principal, access: Access, params: { readonly userId?: unknown }): void {
  if (access.kind === 'public') return;
  if (principal.kind === 'service') {
    if (scopeAllows(principal.scopes, access.scope)) return;
    throw forbidden(`this API key lacks the "${access.scope}" scope`);
  }
  if (access.kind === 'service') throw forbidden('user tokens cannot use this endpoint; use an API key');
  if (params.userId !== principal.userId) throw forbidden("a user token only reaches that user's own data");
}

/** A short label for logs and idempotency scoping: `key:<id>` or `user:<id>`. */
export function principalLabel(principal: Principal): string {
  return principal.kind === 'service' ? `key:${principal.keyId}` : `user:${principal.userId}`;
}
