import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { ApiMetrics } from '../api-metrics';

// Liveness, readiness (PostgreSQL and Kafka reachable), Prometheus metrics and the OpenAPI document.

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export interface OpsRouteDeps {
  readonly metrics: ApiMetrics;
  readonly readiness: readonly ReadinessCheck[];
}

const ReadyReply = Type.Object({
  ready: Type.Boolean(),
  checks: Type.Record(Type.String(), Type.String({ description: '"ok" or what failed' })),
});

export function registerOpsRoutes(app: FastifyInstance, deps: OpsRouteDeps): void {
  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness: the process answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    { schema: { tags: ['ops'], summary: 'Readiness: PostgreSQL and Kafka answer', response: { 200: ReadyReply, 503: ReadyReply } } },
    async (_request, reply) => {
      const results = await Promise.all(
        deps.readiness.map(async (c) => {
          try {
            await c.check();
            return [c.name, 'ok'] as const;
          } catch (error) {
            return [c.name, error instanceof Error ? error.message : String(error)] as const;
          }
        }),
      );
      const ready = results.every(([, status]) => status === 'ok');
      return reply.code(ready ? 200 : 503).send({ ready, checks: Object.fromEntries(results) });
    },
  );

  app.get('/metrics', { schema: { tags: ['ops'], summary: 'Prometheus metrics (text exposition format)' } }, async (_request, reply) => {
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });

  app.get('/openapi.json', { schema: { tags: ['ops'], summary: 'This API described as OpenAPI 3' } }, () => app.swagger());

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpRequests.inc({ route, method: request.method, status: String(reply.statusCode) });
    deps.metrics.httpDuration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    done();
  });
}
