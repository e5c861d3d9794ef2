import { randomUUID } from 'node:crypto';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { startRegistry, type RunningRegistry } from './index';

// Against the real broker of the test stack, through @kafkajs/confluent-schema-registry unchanged.
// Each test gets its own schema topic and subject.

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
const kafka = new Kafka({ clientId: 'registry-int-test', brokers, logLevel: logLevel.NOTHING });
const admin = kafka.admin();
const topics: string[] = [];
const running: RunningRegistry[] = [];

interface RecordSchema {
  type: 'record';
  name: string;
  namespace: string;
  fields: object[];
}

const eventV1: RecordSchema = {
  type: 'record',
  name: 'Greeting',
  namespace: 'herald.test',
  fields: [{ name: 'id', type: 'string' }],
};
const eventV2: RecordSchema = {
  ...eventV1,
  fields: [...eventV1.fields, { name: 'title', type: 'string', default: 'untitled' }],
};
const breaking: RecordSchema = {
  ...eventV1,
  fields: [...eventV1.fields, { name: 'body', type: 'string' }],
};

const avro = (schema: RecordSchema): { type: SchemaType.AVRO; schema: string } => ({
  type: SchemaType.AVRO,
  schema: JSON.stringify(schema),
});

async function start(topic: string): Promise<RunningRegistry> {
  const registry = await startRegistry({ host: '127.0.0.1', port: 0, brokers, topic });
  running.push(registry);
  return registry;
}

function freshTopic(): string {
  const topic = `_schemas-test-${randomUUID()}`;
  topics.push(topic);
  return topic;
}

beforeAll(async () => {
  await admin.connect();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
});

describe('the registry with @kafkajs/confluent-schema-registry', () => {
  it('registers, encodes in the Confluent wire format and decodes', async () => {
    const registry = await start(freshTopic());
    const client = new SchemaRegistry({ host: registry.url });
    const subject = `herald.test.${randomUUID()}-value`;

    const { id } = await client.register(avro(eventV1), { subject });
    const bytes = await client.encode(id, { id: 'g-1' });
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);

    const fresh = new SchemaRegistry({ host: registry.url });
    expect(await fresh.decode(bytes)).toEqual({ id: 'g-1' });
    expect(await fresh.getLatestSchemaId(subject)).toBe(id);
    expect(await fresh.getRegistryIdBySchema(subject, avro(eventV1))).toBe(id);
  });

  it('accepts a backward-compatible change and rejects a breaking one with 409', async () => {
    const registry = await start(freshTopic());
    const client = new SchemaRegistry({ host: registry.url });
    const subject = `herald.test.${randomUUID()}-value`;

    const v1 = await client.register(avro(eventV1), { subject });
    const old = await client.encode(v1.id, { id: 'g-1' });
    const v2 = await client.register(avro(eventV2), { subject });
    expect(v2.id).not.toBe(v1.id);
    // Old bytes read with the new schema get the new field's default.
    expect(await client.decode(old, { [SchemaType.AVRO]: { readerSchema: eventV2 } })).toEqual({
      id: 'g-1',
      title: 'untitled',
    });

    await expect(client.register(avro(breaking), { subject })).rejects.toMatchObject({ status: 409 });
    expect(await client.getLatestSchemaId(subject)).toBe(v2.id);
  });

  it('keeps every id, version and level across a restart on the same topic', async () => {
    const topic = freshTopic();
    const first = await start(topic);
    const client = new SchemaRegistry({ host: first.url });
    const subjectA = `herald.test.${randomUUID()}-value`;
    const subjectB = `herald.test.${randomUUID()}-value`;
    const a1 = await client.register(avro(eventV1), { subject: subjectA });
    const a2 = await client.register(avro(eventV2), { subject: subjectA });
    const b1 = await client.register(avro(eventV2), { subject: subjectB, compatibility: COMPATIBILITY.FULL });
    expect(b1.id).toBe(a2.id);
    const before = await listVersions(first.url, [subjectA, subjectB]);
    const bytes = await client.encode(a1.id, { id: 'g-1' });
    await first.close();

    const second = await start(topic);
    expect(await listVersions(second.url, [subjectA, subjectB])).toEqual(before);
    const after = new SchemaRegistry({ host: second.url });
    expect(await after.decode(bytes)).toEqual({ id: 'g-1' });
    expect(await after.getRegistryId(subjectA, 1)).toBe(a1.id);
    expect(await after.getRegistryId(subjectA, 2)).toBe(a2.id);
    expect((await getJson(second.url, `/config/${subjectB}`)).body).toEqual({ compatibilityLevel: 'FULL' });
    // Registering an existing schema again changes nothing; a new one gets a new id, not a reused one.
    expect((await after.register(avro(eventV2), { subject: subjectA })).id).toBe(a2.id);
    const other = { ...eventV1, name: 'Other' };
    const c1 = await after.register(avro(other), { subject: `herald.test.${randomUUID()}-value` });
    expect(c1.id).toBeGreaterThan(Math.max(a1.id, a2.id));
  });

  it('keeps its schemas in a compacted, single-partition topic it creates', async () => {
    const topic = freshTopic();
    await start(topic);
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets).toHaveLength(1);
    const described = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] }],
      includeSynonyms: false,
    });
    expect(described.resources[0]?.configEntries[0]?.configValue).toBe('compact');
  });
});

async function getJson(url: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}${path}`);
  return { status: response.status, body: await response.json() };
}

async function listVersions(url: string, subjects: string[]): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const subject of subjects) {
    const versions = (await getJson(url, `/subjects/${subject}/versions`)).body as number[];
    out[subject] = await Promise.all(versions.map(async (v) => (await getJson(url, `/subjects/${subject}/versions/${v}`)).body));
  }
  return out;
}
