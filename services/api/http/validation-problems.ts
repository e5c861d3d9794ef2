import type { FastifySchemaValidationError } from 'fastify';
import type { FieldProblem } from '../api-errors';

// Turns Ajv's errors into { field, reason } pairs a client can act on: `body.subscription.keys.auth`
// rather than `/subscription/keys/auth`, and for pattern failures the field's own description
// ("an app name: ...") rather than the regular expression.

const PART_NAMES: Readonly<Record<string, string>> = { body: 'body', querystring: 'query', params: 'params', headers: 'header' };

function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
}

interface VerboseError extends FastifySchemaValidationError {
  readonly parentSchema?: { readonly description?: unknown };
}

function reasonOf(error: VerboseError): string {
  const description = error.parentSchema?.description;
  if (error.keyword === 'pattern' && typeof description === 'string') return `must be ${description}`;
  if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
    return `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
  }
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a known field';
  return error.message ?? error.keyword;
}

function fieldOf(part: string, error: FastifySchemaValidationError): string {
  const base = `${PART_NAMES[part] ?? part}${pointerToPath(error.instancePath)}`;
  const child =
    error.keyword === 'required'
      ? error.params.missingProperty
      : error.keyword === 'additionalProperties'
        ? error.params.additionalProperty
        : undefined;
  return typeof child === 'string' ? `${base}.${child}` : base;
}

/** One problem per field (the first reason wins; `anyOf`/`oneOf` summaries are dropped when details exist). */
export function validationProblems(part: string, errors: readonly FastifySchemaValidationError[]): FieldProblem[] {
  const detailed = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const chosen = detailed.length > 0 ? detailed : errors;
  const byField = new Map<string, string>();
  for (const error of chosen) {
    const field = fieldOf(part, error);
    if (!byField.has(field)) byField.set(field, reasonOf(error));
  }
  return [...byField].map(([field, reason]) => ({ field, reason }));
}
