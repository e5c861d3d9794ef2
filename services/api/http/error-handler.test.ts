import type { FastifyError } from 'fastify';
import { HeraldError } from '../../shared/errors';
import { ApiError } from '../api-errors';
import { toApiError } from './error-handler';

function fastifyError(fields: Partial<FastifyError>): FastifyError {
  const error = new Error('x') as FastifyError;
  return Object.assign(error, { code: 'X', ...fields });
}

describe('toApiError', () => {
  it('keeps ApiErrors and names the fields of validation errors', () => {
    const mine = new ApiError('CONFLICT', 'busy');
    expect(toApiError(mine)).toBe(mine);
    const validation = toApiError(
      fastifyError({ validation: [{ keyword: 'required', instancePath: '', schemaPath: '', params: { missingProperty: 'platform' } }], validationContext: 'body' }),
    );
    expect(validation.toBody()).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'body.platform: is required',
      errors: [{ field: 'body.platform', reason: 'is required' }],
    });
  });

  it('maps framework body errors to 413 and 415', () => {
    expect(toApiError(fastifyError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).statusCode).toBe(413);
    expect(toApiError(fastifyError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })).statusCode).toBe(415);
  });

  it('answers 503 with Retry-After when the database or Kafka is away, 500 for anything else', () => {
    const pgDown = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const kafkaDown = Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' });
    const registryDown = new HeraldError('TRANSIENT', 'registry unavailable');
    for (const error of [pgDown, kafkaDown, registryDown]) {
      const answer = toApiError(error as unknown as FastifyError);
      expect(answer.statusCode).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
    }
    expect(toApiError(new TypeError('bug') as unknown as FastifyError).toBody()).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'internal error' });
  });
});
