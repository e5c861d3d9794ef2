import SwaggerParser from '@apidevtools/swagger-parser';
import { startApiHarness, type ApiHarness } from './test-support/api-harness';

// The served OpenAPI document is valid OpenAPI 3 (swagger-parser validates it against the spec's
// schema) and describes every route the app has; ops endpoints answer.

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => h.close());

const EXPECTED = [
  'POST /v1/users/{userId}/devices',
  'GET /v1/users/{userId}/devices',
  'DELETE /v1/users/{userId}/devices/{deviceId}',
  'GET /v1/users/{userId}/preferences',
  'PUT /v1/users/{userId}/preferences',
  'PATCH /v1/users/{userId}/preferences',
  'POST /v1/notifications',
  'POST /v1/broadcasts',
  'GET /v1/broadcasts',
  'GET /v1/broadcasts/{broadcastId}',
  'POST /v1/broadcasts/{broadcastId}/cancel',
  'GET /v1/receipts',
  'GET /v1/dead-letters',
  'GET /v1/dead-letters/{id}',
  'POST /v1/dead-letters/{id}/replay',
  'POST /v1/dead-letters/replay',
  'POST /v1/dead-letters/{id}/discard',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /openapi.json',
];

it('serves a valid OpenAPI 3 document listing every route', async () => {
  const response = await h.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  const document = response.json();
  await SwaggerParser.validate(structuredClone(document) as Parameters<typeof SwaggerParser.validate>[0]);
  const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(operations.sort()).toEqual([...EXPECTED].sort());
  expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
});

it('serves human docs, liveness, readiness and metrics', async () => {
  expect((await h.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  expect((await h.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  expect((await h.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ ready: true, checks: { postgres: 'ok' } });
  const metrics = await h.inject({ method: 'GET', url: '/metrics' });
  expect(metrics.body).toContain('herald_http_requests_total{route="/healthz",method="GET",status="200"}');
});
