import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// Two Ajv instances: bodies are validated strictly (a string is never a number, unknown properties are
// errors, not silently dropped), while query strings, path params and headers — which are text on the
// wire — are coerced to the declared types. `verbose` keeps the failing schema on each error so the
// error handler can explain a pattern failure with the field's description.

const common: Options = { allErrors: true, verbose: true, strict: false, removeAdditional: false, useDefaults: true };

function withFormats(ajv: Ajv): Ajv {
  addFormats(ajv, ['uuid', 'uri', 'date-time', 'email']);
  return ajv;
}

export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const strict = withFormats(new Ajv({ ...common, coerceTypes: false }));
  const coercing = withFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object);
}
