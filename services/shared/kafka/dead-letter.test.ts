import { HeraldError } from '../errors';
import { maskToken } from '../logger';
import { buildDeadLetter, createDeadLetterSink, deadLetterKey } from './dead-letter';
import type { ConsumedRecord, OutgoingRecord } from './kafka-ports';

const APNS_TOKEN = 'a3f1c9e2b7d4058f6e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70';

const original: ConsumedRecord = {
  topic: 'herald.delivery.apns.priority',
  partition: 4,
  offset: '9007199254740',
  key: null,
  value: Buffer.from([0xff, 0x00, 0x01]),
  headers: { 'content-type': Buffer.from('application/avro') },
  timestampMs: 1,
};

describe('buildDeadLetter', () => {
  it('keeps the original bytes untouched and records where they came from', () => {
    const letter = buildDeadLetter({
      record: original,
      stage: 'sender-apns',
      code: 'DECODE_FAILED',
      message: 'magic byte is 255',
      attempts: 1,
      nowMs: 42,
    });
    expect(letter).toEqual({
      stage: 'sender-apns',
      source_topic: 'herald.delivery.apns.priority',
      source_partition: 4,
      source_offset: 9007199254740,
      key: null,
      value: Buffer.from([0xff, 0x00, 0x01]),
      headers: { 'content-type': 'application/avro' },
      reason_code: 'DECODE_FAILED',
      reason_message: 'magic byte is 255',
      failed_at: 42,
      attempts: 1,
    });
    expect(letter.value).toBe(original.value);
  });

  it('masks tokens and bounds the reason message', () => {
    const letter = buildDeadLetter({
      record: { ...original, value: null },
      stage: 's',
      code: 'PROCESSING_FAILED',
      message: `token ${APNS_TOKEN} rejected ${'x'.repeat(5_000)}`,
      attempts: 2,
      nowMs: 0,
    });
    expect(letter.reason_message).toContain(maskToken(APNS_TOKEN));
    expect(letter.reason_message).not.toContain(APNS_TOKEN);
    expect(letter.reason_message.length).toBeLessThanOrEqual(2_001);
    expect(letter.value).toEqual(Buffer.alloc(0));
  });

  it('keys the letter by its source', () => {
    expect(deadLetterKey({ source_topic: 't', source_partition: 1, source_offset: 7 })).toBe('t/1/7');
  });
});

describe('createDeadLetterSink', () => {
  const letter = buildDeadLetter({ record: original, stage: 's', code: 'DECODE_FAILED', message: 'm', attempts: 1, nowMs: 0 });

  it('encodes each letter under the topic subject and produces them keyed by source', async () => {
    const sent: { topic: string; records: readonly OutgoingRecord[] }[] = [];
    const subjects: (string | number)[] = [];
    const sink = createDeadLetterSink({
      topic: 'herald.deadletters',
      codec: {
        encode: (subject) => {
          subjects.push(subject);
          return Promise.resolve(Buffer.from('framed'));
        },
      },
      producer: {
        send: (topic, records) => {
          sent.push({ topic, records });
          return Promise.resolve();
        },
      },
    });
    await sink.send([letter]);
    expect(subjects).toEqual(['herald.deadletters-value']);
    expect(sent).toEqual([
      {
        topic: 'herald.deadletters',
        records: [{ key: 'herald.delivery.apns.priority/4/9007199254740', value: Buffer.from('framed') }],
      },
    ]);
  });

  it('reports any failure as TRANSIENT so the original is never skipped', async () => {
    const sink = createDeadLetterSink({
      topic: 'herald.deadletters',
      codec: { encode: () => Promise.reject(new HeraldError('SCHEMA_NOT_FOUND', 'no subject')) },
      producer: { send: () => Promise.resolve() },
    });
    await expect(sink.send([letter])).rejects.toMatchObject({ code: 'TRANSIENT', retriable: true });
  });
});
