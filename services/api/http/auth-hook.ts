import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, type Principal } from '../auth/access';
import type { Authenticator } from '../auth/authenticator';
import { ApiError } from '../api-errors';
import './fastify-types';

// Authentication and authorization run on `onRequest`, before the body is read or validated: an
// unauthenticated caller learns nothing about what a valid body would be.

export function installAuthHook(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access.kind === 'public') return;
    const principal = await authenticator.authenticate(request.headers.authorization);
    authorize(principal, access, request.params as { userId?: unknown });
    request.principal = principal;
  });
}

/** The caller of a route that declares access (the auth hook guarantees it is set). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new ApiError('INTERNAL', 'route has no access declaration');
  return request.principal;
}
