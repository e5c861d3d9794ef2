import { randomBytes, randomUUID } from 'node:crypto';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { createAvroCodec } from '../../shared/codec/avro-codec';
import { applyTopics } from '../../shared/contracts/apply-topics';
import { registerSchemas } from '../../shared/contracts/register-schemas';
import { declareTopics } from '../../shared/contracts/topics';
import { loadDbConfig } from '../../shared/db/db-config';
import { createPool } from '../../shared/db/pool';
import { createKafka } from '../../shared/kafka/kafka-client';
import type { ProducerPort } from '../../shared/kafka/kafka-ports';
import { createProducer } from '../../shared/kafka/producer';
import { createLogger } from '../../shared/logger';
import { createApiMetrics } from '../api-metrics';
import { createAuthenticator } from '../auth/authenticator';
import type { Scope } from '../auth/scopes';
import { createUserTokenVerifier } from '../auth/user-token-verifier';
import { createApiPublisher } from '../publisher';
import { buildServer, poolTransactor } from '../server';
import { createPgApiKeyStore, type ApiKeyStore } from '../../shared/auth/api-key-store';
import { createPgBroadcastStore } from '../stores/broadcast-store';
import { createPgDeadLetterStore } from '../stores/dead-letter-store';
import { createPgIdempotencyStore } from '../stores/idempotency-store';
import { createPgDeviceStore } from '../stores/pg-device-store';
import { createPgPreferenceStore } from '../stores/pg-preference-store';
import { createPgReceiptStore } from '../stores/receipt-store';
import { loadTestStack } from './test-stack-config';

// The API built in-process with its real dependencies: PostgreSQL (DATABASE_URL), Kafka and the schema
// registry (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, from jest's globalSetup). Each harness has its own
// random topic prefix, so its topics hold only its own messages.

export interface InjectOptions {
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  /** Sent as JSON. */
  readonly payload?: unknown;
  /** Sent as is, with Content-Type application/json unless headers say otherwise. */
  readonly rawBody?: Buffer;
}

export interface InjectResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely
  json(): any;
}

export interface ApiHarness {
  readonly app: FastifyInstance;
  /** The API's base URL (it listens on an ephemeral loopback port). */
  readonly url: string;
  /** One HTTP request over the loopback socket (app.inject's shape; real HTTP, so real parsing). */
  inject(options: InjectOptions): Promise<InjectResponse>;
  readonly pool: Pool;
  readonly kafka: Kafka;
  readonly topics: { readonly requests: string; readonly triggers: string; readonly deadletters: string };
  readonly apiKeys: ApiKeyStore;
  readonly jwtSecret: string;
  /** A fresh API key holding `scopes`; returns the secret key. */
  key(...scopes: Scope[]): Promise<string>;
  /** A user JWT for `userId`, valid for a minute unless `expSeconds` says otherwise. */
  userToken(userId: string, options?: { expSeconds?: number; audience?: string; secret?: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startApiHarness(options: { registrationRateMax?: number } = {}): Promise<ApiHarness> {
  const env = loadTestStack();
  const logger = createLogger('api-test', 'warn');
  const prefix = `t${randomBytes(4).toString('hex')}.`;
  const declarations = declareTopics({ prefix, upstreamPrefix: prefix }).filter((d) =>
    ['notifications.requests', 'broadcasts.triggers', 'deadletters'].includes(d.key),
  );
  const kafka = createKafka({ kafkaBrokers: env.brokers, clientId: 'herald-api-test' }, logger);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await applyTopics(admin, declarations, { replicationFactor: 1 });
  } finally {
    await admin.disconnect();
  }
  const registry = new SchemaRegistry({ host: env.registryUrl });
  await registerSchemas(registry, declarations);
  const names = Object.fromEntries(declarations.map((d) => [d.key, d.name]));
  const topics = {
    requests: names['notifications.requests'] ?? '',
    triggers: names['broadcasts.triggers'] ?? '',
    deadletters: names.deadletters ?? '',
  };

  const pool = createPool(loadDbConfig({ DATABASE_URL: env.databaseUrl }), () => undefined, 'herald-api-test');
  const producer: ProducerPort = createProducer(kafka, { stage: 'api' });
  await producer.connect();
  const jwtSecret = randomBytes(32).toString('hex');
  const jwt = { algorithm: 'HS256' as const, key: jwtSecret, issuer: 'herald', audience: 'herald-api', clockToleranceSeconds: 0 };
  const apiKeys = createPgApiKeyStore(pool);
  const app = await buildServer({
    config: {
      bodyLimitBytes: 262_144,
      deviceRegistrationRate: { max: options.registrationRateMax ?? 1000, windowMs: 60_000 },
      defaultTtlSeconds: 3600,
    },
    logger,
    authenticator: createAuthenticator({ apiKeys, userTokens: await createUserTokenVerifier(jwt) }),
    devices: createPgDeviceStore(pool),
    preferences: createPgPreferenceStore(pool),
    broadcasts: createPgBroadcastStore(pool),
    receipts: createPgReceiptStore(pool),
    deadLetters: createPgDeadLetterStore(pool),
    idempotency: createPgIdempotencyStore(pool, 3_600_000),
    publisher: createApiPublisher({ producer, codec: createAvroCodec(registry), topics }),
    transact: poolTransactor(pool),
    metrics: createApiMetrics(new Registry()),
    readiness: [{ name: 'postgres', check: async () => void (await pool.query('SELECT 1')) }],
    clock: () => new Date(),
    newId: randomUUID,
  });

  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  async function inject(options: InjectOptions): Promise<InjectResponse> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    let body: Buffer | undefined;
    if (options.rawBody !== undefined) body = options.rawBody;
    else if (options.payload !== undefined) body = Buffer.from(JSON.stringify(options.payload), 'utf8');
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${url}${options.url}`, { method: options.method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: text,
      json: () => JSON.parse(text) as unknown,
    };
  }

  return {
    app,
    url,
    inject,
    pool,
    kafka,
    topics,
    apiKeys,
    jwtSecret,
    async key(...scopes) {
      return (await apiKeys.create(`test-${randomBytes(3).toString('hex')}`, scopes)).key;
    },
    userToken(userId, tokenOptions = {}) {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer('herald')
        .setAudience(tokenOptions.audience ?? 'herald-api')
        .setExpirationTime(Math.floor(Date.now() / 1000) + (tokenOptions.expSeconds ?? 60))
        .sign(Buffer.from(tokenOptions.secret ?? jwtSecret));
    },
    async close() {
      await app.close();
      await producer.disconnect();
      await pool.end();
    },
  };
}

/** Messages on a topic, counted from the partitions' watermarks (the topic is the test's own). */
export async function countMessages(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** A user id no other test uses. */
export const uniqueUser = (label = 'u'): string => `${label}-${randomBytes(6).toString('hex')}`;
