// Where the real stack is: set by jest globalSetup (test/setup/global-setup.ts) or given by the caller.

export interface TestEnv {
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
  readonly databaseUrl: string;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run integration tests through jest (globalSetup starts the stack) or export it`);
  }
  return value;
}

export function testEnv(): TestEnv {
  return {
    kafkaBrokers: required('KAFKA_BROKERS')
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker.length > 0),
    schemaRegistryUrl: required('SCHEMA_REGISTRY_URL'),
    databaseUrl: required('DATABASE_URL'),
  };
}
