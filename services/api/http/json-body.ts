import type { FieldProblem } from '../api-errors';

// Request bodies are parsed from bytes by Herald, not by the framework's default parser, because that
// one decodes invalid UTF-8 into U+FFFD silently. Here invalid UTF-8, NUL characters (PostgreSQL text
// cannot hold them), lone surrogates, prototype keys and absurd nesting are refused, naming the field.

const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

export type ParsedBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: FieldProblem };

const fieldPath = (path: readonly (string | number)[]): string =>
  ['body', ...path].map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');

/** First string (key or value) matching `test`, as its path, depth-first in document order. */
function findString(value: unknown, test: (text: string) => string | null, path: (string | number)[] = []): FieldProblem | null {
  if (path.length > MAX_DEPTH) return { field: fieldPath(path), reason: `is nested deeper than ${MAX_DEPTH} levels` };
  if (typeof value === 'string') {
    const reason = test(value);
    return reason === null ? null : { field: fieldPath(path), reason };
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findString(item, test, [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const keyReason = RESERVED_KEYS.has(key) ? 'is a reserved name' : test(key);
      if (keyReason !== null) return { field: fieldPath([...path, key]), reason: `name ${keyReason}` };
      const found = findString(item, test, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate';
  return null;
}

export function parseJsonBody(bytes: Buffer): ParsedBody {
  // No body at all: routes without a body schema take it, routes with one answer "body: must be object".
  if (bytes.length === 0) return { ok: true, value: undefined };
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    return { ok: false, problem: invalidUtf8Problem(bytes) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: { field: 'body', reason: `is not valid JSON (${(error as Error).message})` } };
  }
  const problem = findString(value, textProblem);
  return problem ? { ok: false, problem } : { ok: true, value };
}

/** Names the field holding the bad bytes when the rest parses (decoded leniently, the bytes become U+FFFD). */
function invalidUtf8Problem(bytes: Buffer): FieldProblem {
  const reason = 'is not valid UTF-8';
  try {
    const lenient: unknown = JSON.parse(bytes.toString('utf8'));
    const found = findString(lenient, (text) => (text.includes('\uFFFD') ? reason : null));
    if (found) return found;
  } catch {
    // Not JSON either: the whole body is the field.
  }
  return { field: 'body', reason };
}
