import { isRecord } from '../shared/es256';
import { toCamel, toSnake, type FieldType } from './fcm-schema';

export interface FieldViolation {
  field: string;
  description: string;
}

/**
 * Reads a JSON value the way Google's proto-JSON parser does for our schema: both name spellings,
 * null as absent, enum names in any case (the SDK sends `high`), and the parser's error wording
 * ("Invalid value at 'message.data[0].value' (TYPE_STRING), 1", "Unknown name ... Cannot find field.").
 * Returns the value with lowerCamelCase field names and enum names upper-cased.
 */
export function parseProtoJson(
  value: unknown,
  type: FieldType,
  path: string,
  violations: FieldViolation[],
): unknown {
  switch (type.t) {
    case 'string':
      return typeof value === 'string' ? value : invalid(path, 'TYPE_STRING', value, violations);
    case 'bool':
      return typeof value === 'boolean' ? value : invalid(path, 'TYPE_BOOL', value, violations);
    case 'number':
      return typeof value === 'number' ? value : invalid(path, 'TYPE_DOUBLE', value, violations);
    case 'duration':
      return typeof value === 'string' && DURATION.test(value)
        ? value
        : invalid(path, 'type.googleapis.com/google.protobuf.Duration', value, violations);
    case 'enum':
      return parseEnum(value, type.typeName, type.values, path, violations);
    case 'stringMap':
      return parseStringMap(value, path, violations);
    case 'struct':
      return isRecord(value) ? value : invalid(path, 'type.googleapis.com/google.protobuf.Struct', value, violations);
    case 'repeated':
      if (!Array.isArray(value)) return invalid(path, 'TYPE_REPEATED', value, violations);
      return value.map((item, i) => parseProtoJson(item, type.of, `${path}[${i}]`, violations));
    case 'message':
      return parseMessage(value, type, path, violations);
  }
}

/** Proto-JSON Duration: seconds with up to 9 fractional digits and an `s` suffix, e.g. "3.5s". */
const DURATION = /^-?\d+(\.\d{1,9})?s$/;

function parseMessage(
  value: unknown,
  type: Extract<FieldType, { t: 'message' }>,
  path: string,
  violations: FieldViolation[],
): Record<string, unknown> | undefined {
  if (!isRecord(value)) return invalid(path, type.typeName, value, violations);
  const out: Record<string, unknown> = {};
  for (const [rawName, fieldValue] of Object.entries(value)) {
    const name = toCamel(rawName);
    const fieldType = type.fields[name];
    if (!fieldType || (rawName !== name && rawName !== toSnake(name))) {
      const where = path === '' ? '' : ` at '${path}'`;
      violations.push({
        field: path,
        description: `Invalid JSON payload received. Unknown name "${rawName}"${where}: Cannot find field.`,
      });
      continue;
    }
    if (fieldValue === null || fieldValue === undefined) continue;
    const fieldPath = path === '' ? toSnake(name) : `${path}.${toSnake(name)}`;
    const parsed = parseProtoJson(fieldValue, fieldType, fieldPath, violations);
    if (parsed !== undefined) out[name] = parsed;
  }
  return out;
}

function parseStringMap(value: unknown, path: string, violations: FieldViolation[]): Record<string, string> | undefined {
  if (!isRecord(value)) return invalid(path, 'TYPE_MESSAGE', value, violations);
  const out: Record<string, string> = {};
  Object.entries(value).forEach(([key, item], index) => {
    if (typeof item === 'string') out[key] = item;
    else invalid(`${path}[${index}].value`, 'TYPE_STRING', item, violations);
  });
  return out;
}

function parseEnum(
  value: unknown,
  typeName: string,
  values: readonly string[],
  path: string,
  violations: FieldViolation[],
): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < values.length) return values[value];
  if (typeof value === 'string') {
    const upper = value.toUpperCase();
    if (values.includes(upper)) return upper;
  }
  return invalid(path, typeName, value, violations);
}

function invalid(path: string, typeLabel: string, value: unknown, violations: FieldViolation[]): undefined {
  violations.push({ field: path, description: `Invalid value at '${path}' (${typeLabel}), ${JSON.stringify(value)}` });
  return undefined;
}
