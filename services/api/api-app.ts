import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { StageKit } from '../shared/bootstrap/stage-kit';
import { createApiMetrics } from './api-metrics';
import { createAuthenticator } from './auth/authenticator';
import { createUserTokenVerifier } from './auth/user-token-verifier';
import type { ApiConfig } from './config';
import { createApiPublisher } from './publisher';
import { buildServer, poolTransactor } from './server';
import { createPgApiKeyStore } from '../shared/auth/api-key-store';
import { createPgBroadcastStore } from './stores/broadcast-store';
import { createPgDeadLetterStore } from './stores/dead-letter-store';
import { createPgIdempotencyStore } from './stores/idempotency-store';
import { createPgDeviceStore } from './stores/pg-device-store';
import { createPgPreferenceStore } from './stores/pg-preference-store';
import { createPgReceiptStore } from './stores/receipt-store';

/** The API's adapters over the stage kit's pool, producer and codec: everything buildServer needs. */
export async function createApiApp(kit: StageKit, config: ApiConfig): Promise<FastifyInstance> {
  const pool = kit.pool;
  if (pool === undefined) throw new Error('the API needs the stage kit with a database');
  return buildServer({
    config,
    logger: kit.logger,
    authenticator: createAuthenticator({ apiKeys: createPgApiKeyStore(pool), userTokens: await createUserTokenVerifier(config.jwt) }),
    devices: createPgDeviceStore(pool),
    preferences: createPgPreferenceStore(pool),
    broadcasts: createPgBroadcastStore(pool),
    receipts: createPgReceiptStore(pool),
    deadLetters: createPgDeadLetterStore(pool),
    idempotency: createPgIdempotencyStore(pool, config.idempotencyTtlMs),
    publisher: createApiPublisher({
      producer: kit.producer,
      codec: kit.codec,
      topics: { requests: kit.topics['notifications.requests'], triggers: kit.topics['broadcasts.triggers'] },
    }),
    transact: poolTransactor(pool),
    metrics: createApiMetrics(kit.metrics.registry),
    readiness: [{ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) }],
    clock: () => new Date(),
    newId: randomUUID,
  });
}
