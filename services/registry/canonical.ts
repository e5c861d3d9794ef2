import * as avsc from 'avsc';
import { invalidSchema } from './errors';

/** A schema the registry accepted: avsc's parsed type plus two texts derived from the request. */
export interface ParsedSchema {
  readonly type: avsc.Type;
  /** What the registry stores and serves: the submitted JSON without whitespace, key order kept. */
  readonly text: string;
  /**
   * Identity used to find "the same schema": whitespace, object key order and `{"type":"x"}` vs `"x"`
   * do not matter; names, fields, docs, defaults, logical types and custom attributes do.
   * (avsc's own `schema({exportAttrs: true})` is not used here: it drops logicalType and custom
   * attributes, so a timestamp-millis long would be "the same" as a plain long.)
   */
  readonly key: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Parses and validates an Avro schema given as JSON text; throws RegistryError 42201 when invalid. */
export function parseAvroSchema(raw: string): ParsedSchema {
  let json: Json;
  try {
    json = JSON.parse(raw) as Json;
  } catch (error) {
    throw invalidSchema(`not JSON (${errorMessage(error)})`);
  }
  let type: avsc.Type;
  try {
    type = avsc.Type.forSchema(json as avsc.Schema);
  } catch (error) {
    throw invalidSchema(errorMessage(error));
  }
  return { type, text: JSON.stringify(json), key: JSON.stringify(normaliseSchema(json)) };
}

/** Normalises a schema position (root, field type, items, values, union branch). */
function normaliseSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(normaliseSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const keys = Object.keys(schema).sort();
  if (keys.length === 1 && keys[0] === 'type' && typeof schema.type === 'string') return schema.type;
  const out: { [key: string]: Json } = {};
  for (const key of keys) {
    const value = schema[key] as Json;
    if (key === 'items' || key === 'values' || (key === 'type' && typeof value !== 'string')) {
      out[key] = normaliseSchema(value);
    } else if (key === 'fields' && Array.isArray(value)) {
      out[key] = value.map(normaliseField);
    } else {
      out[key] = sortKeys(value);
    }
  }
  return out;
}

function normaliseField(field: Json): Json {
  if (field === null || typeof field !== 'object' || Array.isArray(field)) return sortKeys(field);
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(field).sort()) {
    const value = field[key] as Json;
    out[key] = key === 'type' ? normaliseSchema(value) : sortKeys(value);
  }
  return out;
}

/** JSON values outside schema positions (defaults, custom attributes): only key order is normalised. */
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] as Json);
  return out;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
