import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isHeraldError } from '../../shared/errors';
import { ApiError, validationError } from '../api-errors';
import { validationProblems } from './validation-problems';

// One body shape for every refusal. Bad input is a 4xx that names the field; a failing dependency is a
// 503 (retry later); only a bug is a 500, and its details stay in the log, not in the answer.

/** PostgreSQL connection-class SQLSTATEs, admin shutdown, and socket errors: the database is away. */
const DEPENDENCY_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006']);
/** kafkajs errors that mean the brokers are unreachable or not answering in time. */
const KAFKA_DOWN_NAMES = new Set(['KafkaJSConnectionError', 'KafkaJSNumberOfRetriesExceeded', 'KafkaJSRequestTimeoutError']);

function dependencyDown(error: unknown): boolean {
  if (isHeraldError(error)) return error.retriable;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && DEPENDENCY_DOWN_CODES.has(code)) || KAFKA_DOWN_NAMES.has(error.name);
}

export function toApiError(error: FastifyError | ApiError): ApiError {
  if (error instanceof ApiError) return error;
  if (error.validation) return validationError(validationProblems(error.validationContext ?? 'body', error.validation));
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('PAYLOAD_TOO_LARGE', 'body: is larger than the API accepts', {
        problems: [{ field: 'body', reason: 'is too large' }],
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('UNSUPPORTED_MEDIA_TYPE', 'header.content-type: send application/json', {
        problems: [{ field: 'header.content-type', reason: 'must be application/json' }],
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return validationError([{ field: 'body', reason: 'is empty; send a JSON document' }]);
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return validationError([{ field: 'request', reason: error.message }]);
  if (dependencyDown(error)) {
    return new ApiError('UNAVAILABLE', 'a dependency (database, Kafka or schema registry) is unavailable; retry later', {
      cause: error,
      headers: { 'retry-after': '1' },
    });
  }
  return new ApiError('INTERNAL', 'internal error', { cause: error });
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error);
    if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    void reply.code(apiError.statusCode).headers(apiError.headers).send(apiError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`);
    void reply.code(404).send(error.toBody());
  });
}
