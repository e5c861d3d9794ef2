import { Kafka, logLevel } from 'kafkajs';

// The jest globalSetup stack is what every integration test stands on: prove each part answers.
describe('test stack', () => {
  it('serves a real Kafka broker on the address it exported', async () => {
    const kafka = new Kafka({ clientId: 'stack-test', brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const cluster = await admin.describeCluster();
      expect(cluster.brokers).toHaveLength(1);
      expect(cluster.controller).not.toBeNull();
    } finally {
      await admin.disconnect();
    }
  });

  it('serves the schema registry', async () => {
    const res = await fetch(`${process.env.SCHEMA_REGISTRY_URL}/config`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('has a migrated database', async () => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const res = await client.query("SELECT to_regclass('public.devices') AS devices, to_regclass('public.receipts') AS receipts");
      expect(res.rows[0]).toEqual({ devices: 'devices', receipts: 'receipts' });
    } finally {
      await client.end();
    }
  });
});
