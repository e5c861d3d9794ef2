import { setTimeout as delay } from 'node:timers/promises';
import { ConfigResourceTypes, type Admin, type ITopicMetadata } from 'kafkajs';
import type { TopicDeclaration } from './topics';

/** The part of the kafkajs admin client that applying topics needs (a port, not a global). */
export type TopicAdmin = Pick<
  Admin,
  'listTopics' | 'createTopics' | 'fetchTopicMetadata' | 'createPartitions' | 'describeConfigs' | 'alterConfigs'
>;

export interface ApplyTopicsOptions {
  /** Replicas per partition for created topics; default: the broker's default.replication.factor. */
  readonly replicationFactor?: number;
  /** Attempts for each step that can hit the KRaft metadata race after creation; default 10. */
  readonly maxAttempts?: number;
  /** Pause between attempts, milliseconds, doubled each time up to 2 s; default 100. */
  readonly retryDelayMs?: number;
}

export interface ApplyTopicsReport {
  readonly created: string[];
  readonly partitionsIncreased: { topic: string; from: number; to: number }[];
  /** Kafka cannot shrink a topic: reported, left alone. */
  readonly partitionsAboveDeclared: { topic: string; declared: number; actual: number }[];
  readonly configsUpdated: string[];
}

// Error types that mean "metadata has not caught up yet" or "someone else created it first": on
// KRaft a topic just created can answer "This server does not host this topic-partition" for a while.
const RACE_TYPES = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_CONTROLLER', 'TOPIC_ALREADY_EXISTS']);

function errorTypes(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 5) return [];
  const e = error as { type?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown };
  const own = typeof e.type === 'string' ? [e.type] : [];
  const nested = Array.isArray(e.errors) ? (e.errors as unknown[]) : [];
  return [...own, ...[e.cause, e.originalError, ...nested].flatMap((inner) => errorTypes(inner, depth + 1))];
}

/** True when the error (or one it wraps) is the post-creation metadata race; decided from codes. */
export function isTopicMetadataRace(error: unknown): boolean {
  return errorTypes(error).some((type) => RACE_TYPES.has(type));
}

async function withRaceRetry<T>(
  options: ApplyTopicsOptions,
  step: () => Promise<T>,
  alsoRetry: ReadonlySet<string> = new Set(),
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 10;
  let pauseMs = options.retryDelayMs ?? 100;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      const retriable = isTopicMetadataRace(error) || errorTypes(error).some((type) => alsoRetry.has(type));
      if (attempt >= maxAttempts || !retriable) throw error;
      await delay(pauseMs);
      pauseMs = Math.min(pauseMs * 2, 2000);
    }
  }
}

const hasAllLeaders = (topic: ITopicMetadata): boolean =>
  topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0);

/** Metadata of `topics`, once every partition of each has a leader (retried through the race). */
async function settledMetadata(admin: TopicAdmin, topics: string[], options: ApplyTopicsOptions) {
  if (topics.length === 0) return new Map<string, ITopicMetadata>();
  return withRaceRetry(options, async () => {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    const unsettled = metadata.filter((t) => !hasAllLeaders(t)).map((t) => t.name);
    if (unsettled.length > 0) {
      throw Object.assign(new Error(`partitions without leader: ${unsettled.join(', ')}`), { type: 'LEADER_NOT_AVAILABLE' });
    }
    return new Map(metadata.map((t) => [t.name, t]));
  });
}

async function createMissing(admin: TopicAdmin, declarations: readonly TopicDeclaration[], options: ApplyTopicsOptions) {
  let missingAtStart: string[] | undefined;
  await withRaceRetry(options, async () => {
    const existing = new Set(await admin.listTopics());
    const missing = declarations.filter((d) => !existing.has(d.name));
    missingAtStart ??= missing.map((d) => d.name);
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((d) => ({
        topic: d.name,
        numPartitions: d.partitions,
        replicationFactor: options.replicationFactor ?? -1,
        configEntries: Object.entries(d.config).map(([name, value]) => ({ name, value })),
      })),
    });
  });
  return missingAtStart ?? [];
}

/** Raises partition counts below the declaration; re-reads first, so a concurrent raise is fine. */
async function raisePartitions(admin: TopicAdmin, targets: readonly { topic: string; to: number }[], options: ApplyTopicsOptions) {
  const topics = targets.map((t) => t.topic);
  await withRaceRetry(
    options,
    async () => {
      const metadata = await settledMetadata(admin, topics, options);
      const below = targets.filter((t) => (metadata.get(t.topic)?.partitions.length ?? 0) < t.to);
      if (below.length > 0) await admin.createPartitions({ topicPartitions: below.map((t) => ({ topic: t.topic, count: t.to })) });
    },
    new Set(['INVALID_PARTITIONS']),
  );
  await settledMetadata(admin, topics, options);
}

async function driftedConfigs(admin: TopicAdmin, declarations: readonly TopicDeclaration[]) {
  if (declarations.length === 0) return [];
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: declarations.map((d) => ({
      type: ConfigResourceTypes.TOPIC,
      name: d.name,
      configNames: Object.keys(d.config),
    })),
  });
  const actual = new Map(
    described.resources.map((r) => [r.resourceName, new Map(r.configEntries.map((e) => [e.configName, e.configValue]))]),
  );
  return declarations.filter((d) =>
    Object.entries(d.config).some(([name, value]) => actual.get(d.name)?.get(name) !== value),
  );
}

/**
 * Makes the cluster match the declarations, idempotently: creates missing topics (waiting for
 * leaders, retrying the KRaft metadata race), raises partition counts that are below the
 * declaration, and rewrites the configs of Herald topics that drifted. AlterConfigs replaces a
 * topic's whole set of dynamic configs, so the declaration is the single source of truth for them.
 * Upstream-owned topics are only ever created, never altered.
 */
export async function applyTopics(
  admin: TopicAdmin,
  declarations: readonly TopicDeclaration[],
  options: ApplyTopicsOptions = {},
): Promise<ApplyTopicsReport> {
  const created = await createMissing(admin, declarations, options);
  const createdSet = new Set(created);
  const managed = declarations.filter((d) => d.owner === 'herald' || createdSet.has(d.name));
  const metadata = await settledMetadata(admin, managed.map((d) => d.name), options);

  const partitionsIncreased: ApplyTopicsReport['partitionsIncreased'] = [];
  const partitionsAboveDeclared: ApplyTopicsReport['partitionsAboveDeclared'] = [];
  for (const d of managed) {
    const actual = metadata.get(d.name)?.partitions.length ?? 0;
    if (actual < d.partitions) partitionsIncreased.push({ topic: d.name, from: actual, to: d.partitions });
    if (actual > d.partitions) partitionsAboveDeclared.push({ topic: d.name, declared: d.partitions, actual });
  }
  if (partitionsIncreased.length > 0) await raisePartitions(admin, partitionsIncreased, options);

  const drifted = await withRaceRetry(options, () => driftedConfigs(admin, managed));
  if (drifted.length > 0) {
    await admin.alterConfigs({
      validateOnly: false,
      resources: drifted.map((d) => ({
        type: ConfigResourceTypes.TOPIC,
        name: d.name,
        configEntries: Object.entries(d.config).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  return { created, partitionsIncreased, partitionsAboveDeclared, configsUpdated: drifted.map((d) => d.name) };
}
