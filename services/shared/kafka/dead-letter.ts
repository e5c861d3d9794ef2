import type { DeadLetter } from '../contracts/messages';
import type { ErrorCode } from '../errors';
import { HeraldError } from '../errors';
import { maskTokensInText } from '../log-redaction';
import type { AvroCodec } from '../codec/avro-codec';
import type { ConsumedRecord, ProducerPort } from './kafka-ports';

/** reason_message is for people: bounded, and never carrying a token. */
const MAX_REASON_MESSAGE_CHARS = 2_000;

export interface DeadLetterInput {
  readonly record: ConsumedRecord;
  readonly stage: string;
  readonly code: ErrorCode;
  readonly message: string;
  readonly attempts: number;
  /** Milliseconds since the Unix epoch. */
  readonly nowMs: number;
}

/** The dead-letter record of a consumed record: original key/value bytes untouched, headers as UTF-8. */
export function buildDeadLetter(input: DeadLetterInput): DeadLetter {
  const { record } = input;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) headers[name] = value.toString('utf8');
  const reason = maskTokensInText(input.message);
  return {
    stage: input.stage,
    source_topic: record.topic,
    source_partition: record.partition,
    source_offset: Number(record.offset),
    key: record.key,
    value: record.value ?? Buffer.alloc(0),
    headers,
    reason_code: input.code,
    reason_message:
      reason.length > MAX_REASON_MESSAGE_CHARS ? `${reason.slice(0, MAX_REASON_MESSAGE_CHARS)}…` : reason,
    failed_at: input.nowMs,
    attempts: input.attempts,
  };
}

/** Kafka key of a dead letter: where the original came from (stable, so a re-dead-letter lands on the same partition). */
export function deadLetterKey(letter: Pick<DeadLetter, 'source_topic' | 'source_partition' | 'source_offset'>): string {
  return `${letter.source_topic}/${letter.source_partition}/${letter.source_offset}`;
}

export interface DeadLetterSink {
  /** Resolves once every letter is acknowledged; any failure is a TRANSIENT HeraldError (never lose the original). */
  send(letters: readonly DeadLetter[]): Promise<void>;
}

export interface DeadLetterSinkOptions {
  readonly codec: Pick<AvroCodec, 'encode'>;
  readonly producer: Pick<ProducerPort, 'send'>;
  readonly topic: string;
  /** Registry subject of the dead-letter schema; default `<topic>-value`. */
  readonly subject?: string;
}

export function createDeadLetterSink(options: DeadLetterSinkOptions): DeadLetterSink {
  const subject = options.subject ?? `${options.topic}-value`;
  return {
    async send(letters) {
      if (letters.length === 0) return;
      try {
        const records = await Promise.all(
          letters.map(async (letter) => ({
            key: deadLetterKey(letter),
            value: await options.codec.encode(subject, letter),
          })),
        );
        await options.producer.send(options.topic, records);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        throw new HeraldError('TRANSIENT', `dead-lettering to ${options.topic} failed: ${detail}`, { cause: error });
      }
    },
  };
}
