import { randomBytes } from 'node:crypto';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Receipt } from './messages';
import { receiptIdFor } from './message-ids';
import { registerSchemas } from './register-schemas';
import { declareTopics, valueSubject } from './topics';

// Against the test stack's registry, through @kafkajs/confluent-schema-registry unchanged. Subjects
// follow each test's random topic prefix, so runs never see each other's versions.

const registry = new SchemaRegistry({ host: process.env.SCHEMA_REGISTRY_URL! });

function randomDeclarations() {
  const prefix = `it-${randomBytes(4).toString('hex')}.`;
  return declareTopics({ prefix, upstreamPrefix: `${prefix}upstream.` });
}

describe('registerSchemas', () => {
  it('registers every topic value schema under <topic>-value, idempotently', async () => {
    const declarations = randomDeclarations();
    const ids = await registerSchemas(registry, declarations);
    expect([...ids.keys()].sort()).toEqual(declarations.map((d) => d.key).sort());

    const again = await registerSchemas(registry, declarations);
    expect([...again.entries()].sort()).toEqual([...ids.entries()].sort());

    const laneIds = new Set(declarations.filter((d) => d.valueSchema === 'delivery.avsc').map((d) => ids.get(d.key)));
    expect(laneIds.size).toBe(1);
    const receipts = declarations.find((d) => d.key === 'receipts')!;
    expect(await registry.getLatestSchemaId(valueSubject(receipts.name))).toBe(ids.get('receipts'));
  });

  it('gives ids that encode and decode a message in the Confluent wire format', async () => {
    const declarations = randomDeclarations().filter((d) => d.key === 'receipts');
    const id = (await registerSchemas(registry, declarations)).get('receipts')!;
    const receipt: Receipt = {
      receipt_id: receiptIdFor('d-1', 1, 'TOKEN_DEAD'),
      delivery_id: 'd-1',
      event_id: 'e-1',
      broadcast_id: null,
      user_id: 'u-1',
      device_id: '5b0d6c1e-8f7a-4c1e-9d3b-2a6f0e9c4b71',
      app: 'shop',
      provider: 'APNS',
      status: 'TOKEN_DEAD',
      reason: 'Unregistered',
      provider_message_id: null,
      http_status: 410,
      attempt: 1,
      event_at: 1_795_270_000_000,
      occurred_at: 1_795_270_000_250,
    };
    const bytes = await registry.encode(id, receipt);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(id);
    expect({ ...(await registry.decode(bytes)) }).toEqual(receipt);
  });
});
