import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { IHeaders, Kafka, Message, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { freePort } from '../../../infra/stack/free-port';
import { localStageSpecs } from '../../../infra/stack/local-stages';
import { heraldDir, projectRoot } from '../../../infra/stack/paths';
import { ensureDevCredentials, type DevCredentials } from '../../../services/fakes';
import { prepareContracts } from '../../../services/shared/bootstrap/prepare-contracts';
import { createAvroCodec, type AvroCodec } from '../../../services/shared/codec/avro-codec';
import { loadBaseConfig } from '../../../services/shared/config';
import { topicNames, valueSubject, type TopicKey } from '../../../services/shared/contracts/topics';
import { createKafka } from '../../../services/shared/kafka/kafka-client';
import { createLogger } from '../../../services/shared/logger';
import { startFakesInProcess, startFakesProcess, type PipelineFakes } from './fakes';
import { dropScratchDatabase, scratchDatabaseUrl } from './scratch-database';
import { startStageProcess, type StageProcess } from './stage-process';

// The whole pipeline as it runs in production, on the test stack: targeting, one sender per provider
// and feedback as real child processes from dist/, the fake gateways, a database of its own, and
// random topic prefixes and consumer groups so pipelines never see each other's traffic. Stage
// environments come from infra/stack/local-stages.ts (the one place that maps config to env names).

export const STAGES = ['targeting', 'sender-fcm', 'sender-apns', 'sender-webpush', 'feedback'] as const;
export type StageName = (typeof STAGES)[number];

export interface PipelineOptions {
  /** Names the database and prefixes (letters, digits, dashes). */
  readonly label: string;
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
  /** Any database URL on the server to use; the pipeline creates its own database beside it. */
  readonly databaseUrl: string;
  /** Environment of every stage (after the pipeline's own settings). */
  readonly env?: Readonly<Record<string, string>>;
  readonly stageEnv?: Partial<Record<StageName, Readonly<Record<string, string>>>>;
  readonly nodeArgs?: Partial<Record<StageName, readonly string[]>>;
  /** In the test process (default; inspection is direct) or as a child process (benchmark). */
  readonly fakes?: 'in-process' | 'process';
  readonly fakesEnv?: Readonly<Record<string, string>>;
  /** Print every stage's output lines here (default: kept, shown on failures only). */
  readonly echo?: (line: string) => void;
  /** Per stage start, ms (default 90 000: the CI box is small and busy). */
  readonly readyTimeoutMs?: number;
  /** Aborting it while the pipeline starts stops what was started, drops the database and rejects. */
  readonly signal?: AbortSignal;
}

export interface PublishOptions {
  readonly key?: string;
  readonly partition?: number;
  readonly headers?: IHeaders;
}

export interface Pipeline {
  readonly prefix: string;
  readonly upstreamPrefix: string;
  readonly databaseUrl: string;
  readonly topics: Readonly<Record<TopicKey, string>>;
  readonly pool: Pool;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly fakes: PipelineFakes;
  readonly credentials: DevCredentials;
  stage(name: StageName): StageProcess;
  /** Every running child process (stages, and the fakes when they run as one). */
  processes(): StageProcess[];
  /** Avro (Confluent framing) under the topic's value subject. */
  encode(topic: string, value: unknown): Promise<Buffer>;
  publish(topic: string, value: unknown, options?: PublishOptions): Promise<void>;
  publishRaw(topic: string, messages: Message[]): Promise<void>;
  /** Starts the stage again with the same environment (after it was killed or stopped); waits until ready (or only healthy). */
  restart(name: StageName, options?: { readonly healthzOnly?: boolean }): Promise<StageProcess>;
  /** Output of every stage, for failure messages. */
  describe(): string;
  /** Stops every process (SIGTERM, SIGKILL after a deadline), closes clients, drops the database. */
  stop(): Promise<void>;
}

const random = (bytes = 4): string => randomBytes(bytes).toString('hex');

/** `work`, or a rejection as soon as `signal` aborts (the work itself is left to finish or fail). */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('pipeline start aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const root = projectRoot();
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const id = `${options.label}-${random()}`;
  const prefix = `${id}.`;
  const upstreamPrefix = `${id}.up.`;
  const databaseUrl = scratchDatabaseUrl(options.databaseUrl, `herald_${options.label}`);
  const tlsDir = path.join(heraldDir(), 'tls');
  const credentialsDir = path.join(heraldDir(), 'dev-credentials');
  const credentials = ensureDevCredentials(credentialsDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_BROKERS: options.kafkaBrokers,
    SCHEMA_REGISTRY_URL: options.schemaRegistryUrl,
    DATABASE_URL: databaseUrl,
    HERALD_TOPIC_PREFIX: prefix,
    TARGETING_UPSTREAM_TOPIC_PREFIX: upstreamPrefix,
    TARGETING_GROUP_ID: `${id}-targeting`,
    SENDER_GROUP_PREFIX: `${id}-sender`,
    FEEDBACK_GROUP_ID: `${id}-feedback`,
    LOG_LEVEL: 'warn',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    ...options.env,
  };

  const logger = createLogger('e2e-pipeline', 'error');
  const baseConfig = loadBaseConfig(env);
  const topics = topicNames({ prefix, upstreamPrefix });
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const kafka = createKafka(baseConfig, logger);
  const codec = createAvroCodec(new SchemaRegistry({ host: options.schemaRegistryUrl }));
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false });
  const stages = new Map<StageName, StageProcess>();
  /** Stages restarted after a kill or stop: their last output stays in describe() (what they did before dying). */
  const replaced: StageProcess[] = [];
  let fakes: PipelineFakes | undefined;

  const specOf = new Map<StageName, Parameters<typeof startStageProcess>[0]>();
  const stopAll = async (): Promise<void> => {
    await Promise.all([...stages.values()].map((s) => s.stop(15_000)));
    stages.clear();
    await fakes?.close();
    await producer.disconnect().catch(() => undefined);
    await pool.end().catch(() => undefined);
    await dropScratchDatabase(databaseUrl);
  };

  try {
    // Database, topics (the upstream example topic under its own prefix) and schemas before any stage
    // starts, so the stages' own preparation finds everything in place.
    await abortable(prepareContracts({ config: baseConfig, logger, upstreamPrefix }), options.signal);
    await abortable(producer.connect(), options.signal);
    fakes =
      options.fakes === 'process'
        ? await startFakesProcess({
            tlsDir,
            credentialsDir,
            env: { ...env, ...options.fakesEnv },
            readyTimeoutMs,
            ...(options.echo ? { echo: options.echo } : {}),
          })
        : await startFakesInProcess({ tlsDir, credentialsDir });
    options.signal?.throwIfAborted();
    const specs = localStageSpecs({ root, env, credentials, tlsDir, gateways: fakes.addresses });
    for (const name of STAGES) {
      const spec = specs.find((s) => s.name === name);
      if (spec === undefined) throw new Error(`infra/stack/local-stages.ts has no stage named ${name}`);
      const opsPort = await freePort();
      specOf.set(name, {
        name,
        main: spec.main,
        cwd: root,
        opsPort,
        env: { ...spec.env, OPS_PORT: String(opsPort), ...options.stageEnv?.[name] },
        // The stage's own flags (as npm start runs it), then the caller's (e.g. profiling).
        nodeArgs: [...(spec.nodeArgs ?? []), ...(options.nodeArgs?.[name] ?? [])],
        ...(options.echo ? { echo: options.echo } : {}),
      });
    }
    for (const name of STAGES) stages.set(name, startStageProcess(specOf.get(name)!));
    await abortable(Promise.all([...stages.values()].map((s) => s.waitReady(readyTimeoutMs))), options.signal);
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  const runningFakes = fakes;

  const pipeline: Pipeline = {
    prefix,
    upstreamPrefix,
    databaseUrl,
    topics,
    pool,
    kafka,
    codec,
    fakes: runningFakes,
    credentials,
    stage(name) {
      const stage = stages.get(name);
      if (stage === undefined) throw new Error(`stage ${name} is not running`);
      return stage;
    },
    processes: () => [...stages.values(), ...(runningFakes.process ? [runningFakes.process] : [])],
    encode: (topic, value) => codec.encode(valueSubject(topic), value),
    async publish(topic, value, publishOptions = {}) {
      const bytes = await codec.encode(valueSubject(topic), value);
      await producer.send({
        topic,
        acks: -1,
        messages: [
          {
            value: bytes,
            ...(publishOptions.key === undefined ? {} : { key: publishOptions.key }),
            ...(publishOptions.partition === undefined ? {} : { partition: publishOptions.partition }),
            ...(publishOptions.headers === undefined ? {} : { headers: publishOptions.headers }),
          },
        ],
      });
    },
    async publishRaw(topic, messages) {
      await producer.send({ topic, acks: -1, messages });
    },
    async restart(name, restartOptions = {}) {
      const previous = stages.get(name);
      if (previous && previous.exit() === null) throw new Error(`${name} is still running (pid ${previous.pid})`);
      const stage = startStageProcess(specOf.get(name)!);
      if (previous) replaced.push(previous);
      stages.set(name, stage);
      await stage.waitReady(readyTimeoutMs, restartOptions.healthzOnly ?? false);
      return stage;
    },
    describe: () =>
      [...replaced, ...stages.values()].map((s) => `--- ${s.name} (pid ${s.pid}, exit ${JSON.stringify(s.exit())})\n${s.output()}`).join('\n'),
    stop: stopAll,
  };
  return pipeline;
}
