import * as path from 'node:path';
import { z } from 'zod';
import { heraldDir } from './paths';

/** One local stack: the ports and directory of its broker and registry. */
export interface StackConfig {
  name: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  registryPort: number;
  /** Where this stack keeps broker data, pid files and logs. */
  dir: string;
  databaseUrl: string;
  kafkaHeapOpts?: string;
}

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const schema = z.object({
  HERALD_STACK_NAME: z.string().regex(/^[a-z0-9-]+$/).default('local'),
  HERALD_KAFKA_PORT: port(9092),
  HERALD_KAFKA_CONTROLLER_PORT: port(9093),
  HERALD_REGISTRY_PORT: port(8081),
  HERALD_STACK_DIR: z.string().optional(),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/herald'),
  KAFKA_HEAP_OPTS: z.string().optional(),
});

/** The `npm start` / `stack:up` stack, overridable by environment so a second one can run beside it. */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid stack settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    name: e.HERALD_STACK_NAME,
    kafkaPort: e.HERALD_KAFKA_PORT,
    kafkaControllerPort: e.HERALD_KAFKA_CONTROLLER_PORT,
    registryPort: e.HERALD_REGISTRY_PORT,
    dir: e.HERALD_STACK_DIR ?? path.join(heraldDir(), 'stacks', e.HERALD_STACK_NAME),
    databaseUrl: e.DATABASE_URL,
    ...(e.KAFKA_HEAP_OPTS !== undefined ? { kafkaHeapOpts: e.KAFKA_HEAP_OPTS } : {}),
  });
}

/**
 * The isolated stack a test run starts: free ports picked at run time and a directory of its own, so
 * parallel runs (and a running `npm start`) never collide.
 */
export function testStackConfig(ports: { kafkaPort: number; kafkaControllerPort: number; registryPort: number }): StackConfig {
  return Object.freeze({
    name: `test-${process.pid}`,
    ...ports,
    dir: path.join(heraldDir(), 'stacks', `test-${process.pid}`),
    databaseUrl: 'postgres://postgres@127.0.0.1:5432/herald_test',
  });
}

export const kafkaBrokers = (c: StackConfig): string => `127.0.0.1:${c.kafkaPort}`;
export const registryUrl = (c: StackConfig): string => `http://127.0.0.1:${c.registryPort}`;
