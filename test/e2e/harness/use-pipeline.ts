import { testEnv } from '../../helpers/env';
import { startPipeline, type Pipeline, type PipelineOptions } from './pipeline';
import type { SeedContext } from './seed';

// One pipeline per test file, shared by its tests (each test isolates itself with random users,
// apps and event ids): started in beforeAll on the jest run's stack, stopped in afterAll.

export type TestPipelineOptions = Omit<PipelineOptions, 'label' | 'kafkaBrokers' | 'schemaRegistryUrl' | 'databaseUrl'>;

/** Starting five Node processes on a busy 2-core CI box takes a while. */
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 60_000;

export function usePipeline(label: string, options: TestPipelineOptions = {}): () => Pipeline {
  let pipeline: Pipeline | undefined;
  beforeAll(async () => {
    const stack = testEnv();
    pipeline = await startPipeline({
      ...options,
      label,
      kafkaBrokers: stack.kafkaBrokers.join(','),
      schemaRegistryUrl: stack.schemaRegistryUrl,
      databaseUrl: stack.databaseUrl,
      ...(process.env.E2E_ECHO === '1' ? { echo: (line: string) => void process.stderr.write(`${line}\n`) } : {}),
    });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await pipeline?.stop();
  }, STOP_TIMEOUT_MS);
  return () => {
    if (pipeline === undefined) throw new Error('the pipeline did not start (see beforeAll)');
    return pipeline;
  };
}

export const seedContextOf = (p: Pipeline): SeedContext => ({ pool: p.pool, fakes: p.fakes, vapidPublicKey: p.credentials.vapid.publicKey });

/** Runs `body`; on failure adds every stage's recent output to the error (what a CI log needs). */
export async function withStageLogs<T>(p: Pipeline, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message}\n\nstage output:\n${p.describe()}`;
    throw error;
  }
}
