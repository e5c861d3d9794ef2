import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import type { Logger } from '../shared/logger';
import { validationError } from './api-errors';
import type { ApiMetrics } from './api-metrics';
import type { Authenticator } from './auth/authenticator';
import { SCOPE_DESCRIPTIONS } from './auth/scopes';
import type { ApiConfig } from './config';
import { installAuthHook } from './http/auth-hook';
import { installErrorHandlers } from './http/error-handler';
import { parseJsonBody } from './http/json-body';
import { createValidatorCompiler } from './http/validator-compiler';
import type { ApiPublisher } from './publisher';
import { registerBroadcastRoutes } from './routes/broadcast-routes';
import { registerDeadLetterRoutes } from './routes/dead-letter-routes';
import { registerDeviceRoutes } from './routes/device-routes';
import { registerOpsRoutes, type ReadinessCheck } from './routes/ops-routes';
import { registerPreferenceRoutes } from './routes/preference-routes';
import { registerReceiptRoutes } from './routes/receipt-routes';
import { registerSendRoutes } from './routes/send-routes';
import type { BroadcastStore } from './stores/broadcast-store';
import type { DeadLetterStore } from './stores/dead-letter-store';
import type { DeviceStore } from './stores/device-store';
import type { IdempotencyStore, Work } from './stores/idempotency-store';
import type { PreferenceStore } from './stores/preference-store';
import type { ReceiptStore } from './stores/receipt-store';

// Builds the Fastify app from its dependencies; nothing here opens a connection. Tests build it with
// real stores (PostgreSQL) and a real publisher (Kafka) and call app.inject or listen on port 0.

export interface ApiDeps {
  readonly config: Pick<ApiConfig, 'bodyLimitBytes' | 'deviceRegistrationRate' | 'defaultTtlSeconds'>;
  readonly logger: Logger;
  readonly authenticator: Authenticator;
  readonly devices: DeviceStore;
  readonly preferences: PreferenceStore;
  readonly broadcasts: BroadcastStore;
  readonly receipts: ReceiptStore;
  readonly deadLetters: DeadLetterStore;
  readonly idempotency: IdempotencyStore;
  readonly publisher: ApiPublisher;
  /** Runs work in one PostgreSQL transaction. */
  readonly transact: (work: Work) => Promise<void>;
  readonly metrics: ApiMetrics;
  readonly readiness: readonly ReadinessCheck[];
  readonly clock: () => Date;
  readonly newId: () => string;
}

/** `transact` over a pg pool. */
export function poolTransactor(pool: Pool): (work: Work) => Promise<void> {
  return async (work) => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

const API_DESCRIPTION = `Herald's HTTP API: devices, preferences, sending, broadcasts, receipts and dead letters.

Authenticate with \`Authorization: Bearer <credential>\`: an API key (\`hk_...\`, created with \`herald keys create\`) or, on the
device and preference endpoints, a user JWT whose \`sub\` is the user id in the path. Errors have one shape
\`{statusCode, code, message, errors?: [{field, reason}]}\`; 401 means the credential is missing or not valid, 403 that it
is valid but not allowed here.

API-key scopes:
${Object.entries(SCOPE_DESCRIPTIONS)
  .map(([scope, text]) => `- \`${scope}\`: ${text}`)
  .join('\n')}`;

export async function buildServer(deps: ApiDeps): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = deps.logger;
  const app: FastifyInstance = Fastify({
    loggerInstance,
    bodyLimit: deps.config.bodyLimitBytes,
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(createValidatorCompiler());
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    const parsed = parseJsonBody(body as Buffer);
    if (parsed.ok) done(null, parsed.value);
    else done(validationError([parsed.problem]), undefined);
  });
  installErrorHandlers(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Herald API', version: '1.0.0', description: API_DESCRIPTION },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key (hk_...) or user JWT' } } },
      tags: ['devices', 'preferences', 'send', 'broadcasts', 'receipts', 'dead letters', 'ops'].map((name) => ({ name })),
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyRateLimit, { global: false });
  installAuthHook(app, deps.authenticator);

  registerOpsRoutes(app, { metrics: deps.metrics, readiness: deps.readiness });
  registerDeviceRoutes(app, { devices: deps.devices, clock: deps.clock, registrationRate: deps.config.deviceRegistrationRate });
  registerPreferenceRoutes(app, { preferences: deps.preferences, clock: deps.clock });
  const publishing = {
    idempotency: deps.idempotency,
    transact: deps.transact,
    clock: deps.clock,
    publisher: deps.publisher,
    newId: deps.newId,
    defaultTtlSeconds: deps.config.defaultTtlSeconds,
  };
  registerSendRoutes(app, publishing);
  registerBroadcastRoutes(app, { ...publishing, broadcasts: deps.broadcasts });
  registerReceiptRoutes(app, { receipts: deps.receipts });
  registerDeadLetterRoutes(app, { deadLetters: deps.deadLetters, publisher: deps.publisher, clock: deps.clock });
  await app.ready();
  return app;
}
