import type { Env } from '../../shared/config';

/** The real stack integration tests run against, as jest's globalSetup exports it. */
export interface TestStack {
  readonly databaseUrl: string;
  readonly brokers: string[];
  readonly registryUrl: string;
}

export function loadTestStack(env: Env = process.env): TestStack {
  const { DATABASE_URL, KAFKA_BROKERS, SCHEMA_REGISTRY_URL } = env;
  if (!DATABASE_URL || !KAFKA_BROKERS || !SCHEMA_REGISTRY_URL) {
    throw new Error('integration tests need DATABASE_URL, KAFKA_BROKERS and SCHEMA_REGISTRY_URL (jest globalSetup sets them)');
  }
  return { databaseUrl: DATABASE_URL, brokers: KAFKA_BROKERS.split(','), registryUrl: SCHEMA_REGISTRY_URL };
}
