import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Type } from 'avsc';
import { loadContractTypes } from './avro-types';
import {
  APNS_ENVIRONMENTS,
  APNS_PUSH_TYPES,
  PLATFORMS,
  PRIORITIES,
  PROVIDERS,
  RECEIPT_STATUSES,
} from './messages';
import { findSchemasDir, readSchema, SCHEMA_FILES, type SchemaFile } from './schema-files';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const raw = (file: SchemaFile): JsonObject => readSchema(file) as unknown as JsonObject;

interface Named {
  file: SchemaFile;
  name: string;
  definition: JsonObject;
}

interface FieldAt {
  file: SchemaFile;
  path: string;
  field: JsonObject;
}

/** Walks a schema, collecting named type definitions and record fields. */
function walk(file: SchemaFile, node: Json | undefined, at: string, named: Named[], fields: FieldAt[]): void {
  if (Array.isArray(node)) {
    node.forEach((branch) => walk(file, branch, at, named, fields));
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.name === 'string' && (node.type === 'record' || node.type === 'enum')) {
    named.push({ file, name: node.name, definition: node });
  }
  if (node.type === 'record' && Array.isArray(node.fields)) {
    for (const field of node.fields) {
      if (!isObject(field)) continue;
      const fieldPath = `${at}.${typeof field.name === 'string' ? field.name : '?'}`;
      fields.push({ file, path: fieldPath, field });
      walk(file, field.type, fieldPath, named, fields);
    }
  }
  walk(file, node.items, at, named, fields);
  walk(file, node.values, at, named, fields);
}

const named: Named[] = [];
const fields: FieldAt[] = [];
for (const file of SCHEMA_FILES) walk(file, raw(file), file, named, fields);

function definitionsOf(name: string): Named[] {
  return named.filter((n) => n.name === name);
}

describe('schemas/', () => {
  it('holds exactly the declared schema files', () => {
    const dir = findSchemasDir();
    const found = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.avsc'))
      .map((f) => f.split(path.sep).join('/'))
      .sort();
    expect(found).toEqual([...SCHEMA_FILES].sort());
  });

  it.each(SCHEMA_FILES)('%s parses with avsc', (file) => {
    const type = Type.forSchema(readSchema(file));
    expect(type.typeName).toBe('record');
  });

  it('loads every schema as an avsc Type', () => {
    const types = loadContractTypes();
    expect(Object.keys(types).sort()).toEqual([...SCHEMA_FILES].sort());
  });

  it.each(SCHEMA_FILES)('%s sits in its namespace', (file) => {
    expect(raw(file).namespace).toBe(file.startsWith('examples/') ? 'io.shop' : 'io.herald');
  });

  it('documents every field and every named type', () => {
    const undocumentedFields = fields.filter((f) => typeof f.field.doc !== 'string' || f.field.doc.length < 8);
    const undocumentedTypes = named.filter((n) => typeof n.definition.doc !== 'string' || n.definition.doc.length < 8);
    expect(undocumentedFields.map((f) => f.path)).toEqual([]);
    expect(undocumentedTypes.map((n) => `${n.file}:${n.name}`)).toEqual([]);
  });

  it('makes optional fields ["null", T] with default null', () => {
    const nullable = fields.filter((f) => Array.isArray(f.field.type) && f.field.type.includes('null'));
    expect(nullable.length).toBeGreaterThan(10);
    for (const f of nullable) {
      expect([f.path, (f.field.type as Json[])[0], f.field.default]).toEqual([f.path, 'null', null]);
    }
  });

  it('types every instant as timestamp-millis and says so in its doc', () => {
    const instants = fields.filter((f) => /(_at|_after|not_before)$/.test(f.path));
    expect(instants.length).toBeGreaterThanOrEqual(10);
    for (const f of instants) {
      const branches = Array.isArray(f.field.type) ? f.field.type : [f.field.type];
      const logical = branches.filter(isObject).map((b) => [b.type, b.logicalType]);
      expect([f.path, logical]).toEqual([f.path, [['long', 'timestamp-millis']]]);
      expect([f.path, f.field.doc]).toEqual([f.path, expect.stringContaining('milliseconds')]);
    }
  });

  it('defines shared named types identically in every file that uses them', () => {
    const shared = ['NotificationContent', 'NotificationAction', 'NotificationTemplate', 'Priority', 'Provider'];
    for (const name of shared) {
      const definitions = definitionsOf(name);
      expect([name, definitions.length > 1]).toEqual([name, true]);
      for (const d of definitions) expect([name, d.file, d.definition]).toEqual([name, d.file, definitions[0]!.definition]);
    }
  });

  it('keeps the TypeScript enum lists equal to the Avro symbols', () => {
    const symbols = (name: string): Json | undefined => definitionsOf(name)[0]?.definition.symbols;
    expect(symbols('Priority')).toEqual([...PRIORITIES]);
    expect(symbols('Platform')).toEqual([...PLATFORMS]);
    expect(symbols('Provider')).toEqual([...PROVIDERS]);
    expect(symbols('ApnsEnvironment')).toEqual([...APNS_ENVIRONMENTS]);
    expect(symbols('ApnsPushType')).toEqual([...APNS_PUSH_TYPES]);
    expect(symbols('ReceiptStatus')).toEqual([...RECEIPT_STATUSES]);
  });

  it('gives a default symbol to the enums whose readers can fall back safely', () => {
    expect(definitionsOf('Priority')[0]?.definition.default).toBe('NORMAL');
    expect(definitionsOf('ReceiptStatus')[0]?.definition.default).toBe('UNKNOWN');
  });

  it('lets an old reader read a newer ReceiptStatus as UNKNOWN', () => {
    const receipt = raw('receipt.avsc');
    const newer = JSON.parse(JSON.stringify(receipt).replace('"UNKNOWN"],', '"UNKNOWN","DELIVERED"],')) as JsonObject;
    const reader = Type.forSchema(receipt as never);
    const writer = Type.forSchema(newer as never);
    expect(writer).not.toBe(reader);
    const value = {
      receipt_id: 'r',
      delivery_id: 'd',
      event_id: 'e',
      broadcast_id: null,
      user_id: 'u',
      device_id: null,
      app: null,
      provider: null,
      status: 'DELIVERED',
      reason: null,
      provider_message_id: null,
      http_status: null,
      attempt: 1,
      event_at: 1,
      occurred_at: 2,
    };
    const decoded = reader.fromBuffer(writer.toBuffer(value), reader.createResolver(writer));
    expect(decoded.status).toBe('UNKNOWN');
  });
});
