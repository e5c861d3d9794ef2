import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isHeraldError } from '../../shared/errors';
import { ApiError, validationError } from '../api-errors';
import { validationProblems } from './validation-problems';

// One body shape for every refusal. Bad input is a 4xx that names the field; a failing dependency is a
// 503 (retry later); only a bug is a 500, and its details stay in the log, not in the answer.

function toApiError(error: FastifyError | ApiError): ApiError {
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
  if (isHeraldError(error) && error.retriable) {
    return new ApiError('UNAVAILABLE', 'a dependency is unavailable; retry later', { cause: error });
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
