import type { Access, Principal } from '../auth/access';

// What Herald hangs on Fastify's request and route config.

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; absent means public. */
    access?: Access;
  }
  interface FastifyRequest {
    /** Set by the auth hook on every non-public route. */
    principal: Principal | null;
  }
}

export {};
