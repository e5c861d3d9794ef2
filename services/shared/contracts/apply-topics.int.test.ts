import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { applyTopics } from './apply-topics';
import { declareTopics, type TopicDeclaration } from './topics';

// Against the test stack's real KRaft broker. Each test declares its topics under its own random
// prefix (upstream topics too) and deletes them afterwards.

const kafka = new Kafka({
  clientId: 'apply-topics-int-test',
  brokers: process.env.KAFKA_BROKERS!.split(','),
  logLevel: logLevel.NOTHING,
});
let admin: Admin;
const toDelete = new Set<string>();

function randomDeclarations(): readonly TopicDeclaration[] {
  const prefix = `it-${randomBytes(4).toString('hex')}.`;
  const declarations = declareTopics({ prefix, upstreamPrefix: `${prefix}upstream.` });
  declarations.forEach((d) => toDelete.add(d.name));
  return declarations;
}

async function partitionCount(topic: string): Promise<number> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  return topics[0]?.partitions.length ?? 0;
}

async function topicConfig(topic: string, name: string): Promise<string | undefined> {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
  });
  return described.resources[0]?.configEntries.find((e) => e.configName === name)?.configValue;
}

beforeAll(async () => {
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  const existing = new Set(await admin.listTopics());
  const topics = [...toDelete].filter((t) => existing.has(t));
  if (topics.length > 0) await admin.deleteTopics({ topics });
  await admin.disconnect();
});

describe('applyTopics', () => {
  it('creates every declared topic, then finds nothing to do', async () => {
    const declarations = randomDeclarations();
    const first = await applyTopics(admin, declarations);
    expect(first.created.sort()).toEqual(declarations.map((d) => d.name).sort());

    const second = await applyTopics(admin, declarations);
    expect(second).toEqual({ created: [], partitionsIncreased: [], partitionsAboveDeclared: [], configsUpdated: [] });

    const lane = declarations.find((d) => d.key === 'delivery.fcm.priority')!;
    expect(await partitionCount(lane.name)).toBe(12);
    const deadLetters = declarations.find((d) => d.key === 'deadletters')!;
    expect(await topicConfig(deadLetters.name, 'retention.ms')).toBe(deadLetters.config['retention.ms']);
  });

  it('raises partitions and repairs drifted configs of Herald topics, never shrinking', async () => {
    const declarations = randomDeclarations().filter((d) => d.key === 'receipts' || d.key === 'broadcasts.triggers');
    await applyTopics(admin, declarations);
    const receipts = declarations.find((d) => d.key === 'receipts')!;
    const triggers = declarations.find((d) => d.key === 'broadcasts.triggers')!;
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: receipts.name, configEntries: [{ name: 'retention.ms', value: '60000' }] }],
    });

    const changed = [{ ...receipts, partitions: receipts.partitions + 2 }, { ...triggers, partitions: 1 }];
    const report = await applyTopics(admin, changed);

    expect(report.partitionsIncreased).toEqual([{ topic: receipts.name, from: 6, to: 8 }]);
    expect(report.partitionsAboveDeclared).toEqual([{ topic: triggers.name, declared: 1, actual: 3 }]);
    expect(report.configsUpdated).toEqual([receipts.name]);
    expect(await partitionCount(receipts.name)).toBe(8);
    expect(await partitionCount(triggers.name)).toBe(3);
    expect(await topicConfig(receipts.name, 'retention.ms')).toBe(receipts.config['retention.ms']);
  });

  it('leaves an existing upstream topic alone', async () => {
    const upstream = randomDeclarations().filter((d) => d.owner === 'upstream');
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: upstream[0]!.name, numPartitions: 2 }] });
    const report = await applyTopics(admin, upstream);
    expect(report).toEqual({ created: [], partitionsIncreased: [], partitionsAboveDeclared: [], configsUpdated: [] });
    expect(await partitionCount(upstream[0]!.name)).toBe(2);
  });

  it('lets several instances apply the same topics at once', async () => {
    const declarations = randomDeclarations().filter((d) => d.key.startsWith('retry.') || d.key === 'deadletters');
    const reports = await Promise.all([1, 2, 3].map(() => applyTopics(admin, declarations)));
    for (const report of reports) expect(report.configsUpdated).toEqual([]);
    for (const d of declarations) expect(await partitionCount(d.name)).toBe(d.partitions);
  });
});
