import { KafkaJSAggregateError, KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { isTopicMetadataRace } from './apply-topics';

// Built as kafkajs builds them: from an error description carrying the protocol error type.
const protocolError = (type: string) =>
  new KafkaJSProtocolError(Object.assign(new Error('This server does not host this topic-partition'), { type, code: 3, retriable: true }));

describe('isTopicMetadataRace', () => {
  it('recognises the KRaft post-creation race by its code, also when kafkajs wraps it', () => {
    const race = protocolError('UNKNOWN_TOPIC_OR_PARTITION');
    expect(isTopicMetadataRace(race)).toBe(true);
    const bailed = Object.assign(new KafkaJSNonRetriableError(race), { cause: race });
    expect(isTopicMetadataRace(bailed)).toBe(true);
    expect(isTopicMetadataRace(new KafkaJSAggregateError('create', [protocolError('TOPIC_ALREADY_EXISTS')]))).toBe(true);
  });

  it('lets every other failure through', () => {
    expect(isTopicMetadataRace(protocolError('POLICY_VIOLATION'))).toBe(false);
    expect(isTopicMetadataRace(new Error('This server does not host this topic-partition'))).toBe(false);
    expect(isTopicMetadataRace(undefined)).toBe(false);
  });
});
