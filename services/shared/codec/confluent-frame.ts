import { HeraldError, type ErrorCode } from '../errors';

// Confluent wire format: byte 0 = magic 0, bytes 1-4 = big-endian schema id, then the serialized body.

export const MAGIC_BYTE = 0;
export const FRAME_HEADER_BYTES = 5;

/** Why bytes could not be decoded; informational detail under the error code that carries the decision. */
export type CodecFailure =
  | 'empty_value'
  | 'truncated_header'
  | 'bad_magic_byte'
  | 'invalid_schema_id'
  | 'unknown_schema_id'
  | 'unknown_subject'
  | 'unsupported_schema_type'
  | 'truncated_body'
  | 'trailing_bytes'
  | 'invalid_body'
  | 'invalid_value'
  | 'incompatible_schema'
  | 'registry_unavailable';

export class CodecError extends HeraldError {
  readonly failure: CodecFailure;
  readonly schemaId: number | undefined;

  constructor(
    code: ErrorCode,
    failure: CodecFailure,
    message: string,
    options?: { cause?: unknown; schemaId?: number },
  ) {
    super(code, message, options);
    this.name = 'CodecError';
    this.failure = failure;
    this.schemaId = options?.schemaId;
  }
}

export interface ConfluentFrame {
  readonly schemaId: number;
  readonly body: Buffer;
}

/** Splits Confluent-framed bytes; throws CodecError(DECODE_FAILED) when the framing is wrong. */
export function readFrame(bytes: Buffer | null | undefined): ConfluentFrame {
  if (bytes === null || bytes === undefined || bytes.length === 0) {
    throw new CodecError('DECODE_FAILED', 'empty_value', 'message value is empty (null or zero bytes)');
  }
  if (bytes.length < FRAME_HEADER_BYTES) {
    throw new CodecError(
      'DECODE_FAILED',
      'truncated_header',
      `message is ${bytes.length} bytes, shorter than the ${FRAME_HEADER_BYTES}-byte Confluent header`,
    );
  }
  const magic = bytes.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    throw new CodecError('DECODE_FAILED', 'bad_magic_byte', `magic byte is ${magic}, expected ${MAGIC_BYTE}`);
  }
  const schemaId = bytes.readInt32BE(1);
  if (schemaId <= 0) {
    throw new CodecError('DECODE_FAILED', 'invalid_schema_id', `schema id ${schemaId} is not a positive id`, {
      schemaId,
    });
  }
  return { schemaId, body: bytes.subarray(FRAME_HEADER_BYTES) };
}

export function writeFrame(schemaId: number, body: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId <= 0 || schemaId > 0x7fffffff) {
    throw new CodecError('INVALID_MESSAGE', 'invalid_schema_id', `schema id ${schemaId} is not a positive int32`);
  }
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
}
