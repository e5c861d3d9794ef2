import { createMemorySchemaLog, type MemorySchemaLog } from './memory-schema-log';
import type { RegistryLogger } from './registry-logger';
import type { RegistryAnswer, RegistryRequest } from './registry-routes';
import { loadRegistry } from './start-registry';

// The REST API over the in-memory log, without sockets: status codes, Confluent error codes and
// bodies, and that state survives a rebuild from the same log.

const quiet: RegistryLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

const record = (fields: object[], extra: object = {}): string =>
  JSON.stringify({ type: 'record', name: 'Event', namespace: 'herald.test', fields, ...extra });
const v1 = record([{ name: 'id', type: 'string' }]);
const v2 = record([
  { name: 'id', type: 'string' },
  { name: 'title', type: 'string', default: '' },
]);
const breaking = record([
  { name: 'id', type: 'string' },
  { name: 'body', type: 'string' },
]);

interface Answer {
  status: number;
  body: unknown;
}

let log: MemorySchemaLog;
let handle: (request: RegistryRequest) => Promise<RegistryAnswer>;

async function call(method: string, url: string, payload?: unknown, contentType: string | undefined = CONTENT_TYPE): Promise<Answer> {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const answer = await handle({ method, url, contentType: payload === undefined ? undefined : contentType, body });
  return { status: answer.status, body: JSON.parse(answer.body) };
}

const register = (subject: string, schema: string): Promise<Answer> =>
  call('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema });

const error = (status: number, code: number): object => ({
  status,
  body: { error_code: code, message: expect.any(String) },
});

beforeEach(async () => {
  log = createMemorySchemaLog();
  handle = await loadRegistry({ log, logger: quiet });
});

describe('readiness and routing', () => {
  it('answers GET / with {}', async () => {
    expect(await call('GET', '/')).toEqual({ status: 200, body: {} });
  });

  it('answers unknown paths with error_code 404', async () => {
    expect(await call('GET', '/nowhere')).toMatchObject(error(404, 404));
  });

  it.each(['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json'])(
    'accepts request bodies sent as %s',
    async (type) => {
      expect(await call('POST', '/subjects/s/versions', { schema: v1 }, type)).toMatchObject({ status: 200, body: { id: 1 } });
    },
  );

  it('reads a body without Content-Type as JSON', async () => {
    expect(await call('POST', '/subjects/s/versions', { schema: v1 }, undefined)).toMatchObject({ status: 200, body: { id: 1 } });
  });

  it('refuses other media types with error_code 415 and malformed JSON with 400', async () => {
    expect(await call('POST', '/subjects/s/versions', { schema: v1 }, 'text/plain')).toMatchObject(error(415, 415));
    const answer = await handle({ method: 'POST', url: '/subjects/s/versions', contentType: CONTENT_TYPE, body: '{"schema":' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({ error_code: 400 });
  });

  it('accepts a trailing slash and a media type with parameters', async () => {
    const charset = `${CONTENT_TYPE}; charset=utf-8`;
    expect(await call('POST', '/subjects/s/versions/', { schema: v1 }, charset)).toMatchObject({ status: 200, body: { id: 1 } });
  });
});

describe('register and read', () => {
  it('gives a new schema id 1 and version 1, and the same id when the schema comes again', async () => {
    expect(await register('a-value', v1)).toMatchObject({ status: 200, body: { id: 1 } });
    const spaced = JSON.stringify(JSON.parse(v1), null, 2);
    expect(await register('a-value', spaced)).toMatchObject({ status: 200, body: { id: 1 } });
    expect((await call('GET', '/subjects/a-value/versions')).body).toEqual([1]);
    expect(log.entries).toHaveLength(1);
  });

  it('reuses the global id for an identical schema under another subject, with its own version 1', async () => {
    await register('a-value', v1);
    await register('a-value', v2);
    expect((await register('b-value', v2)).body).toEqual({ id: 2 });
    expect((await call('GET', '/subjects/b-value/versions/latest')).body).toEqual({
      subject: 'b-value',
      version: 1,
      id: 2,
      schema: v2,
    });
    expect((await call('GET', '/subjects')).body).toEqual(['a-value', 'b-value']);
  });

  it('serves schemas by id, by version, and as raw schema text', async () => {
    await register('a-value', v1);
    await register('a-value', v2);
    expect(await call('GET', '/schemas/ids/2')).toMatchObject({ status: 200, body: { schema: v2 } });
    expect((await call('GET', '/schemas/ids/2/schema')).body).toEqual(JSON.parse(v2));
    expect((await call('GET', '/subjects/a-value/versions/1')).body).toMatchObject({ version: 1, id: 1 });
    expect((await call('GET', '/subjects/a-value/versions/-1')).body).toMatchObject({ version: 2, id: 2 });
    expect((await call('GET', '/subjects/a-value/versions/latest/schema')).body).toEqual(JSON.parse(v2));
  });

  it('looks a schema up in a subject', async () => {
    await register('a-value', v1);
    expect(await call('POST', '/subjects/a-value', { schema: v1 })).toMatchObject({
      status: 200,
      body: { subject: 'a-value', id: 1, version: 1, schema: v1 },
    });
    expect(await call('POST', '/subjects/a-value', { schema: v2 })).toMatchObject(error(404, 40403));
    expect(await call('POST', '/subjects/nobody', { schema: v1 })).toMatchObject(error(404, 40401));
  });

  it('handles subjects with characters that need escaping', async () => {
    expect((await register('team/a b-value', v1)).body).toEqual({ id: 1 });
    expect((await call('GET', '/subjects')).body).toEqual(['team/a b-value']);
    expect((await call('GET', `/subjects/${encodeURIComponent('team/a b-value')}/versions/1`)).body).toMatchObject({ id: 1 });
  });

  it('answers 40401, 40402, 40403 and 42202 for what is not there or not a version', async () => {
    await register('a-value', v1);
    expect(await call('GET', '/subjects/nobody/versions')).toMatchObject(error(404, 40401));
    expect(await call('GET', '/subjects/nobody/versions/latest')).toMatchObject(error(404, 40401));
    expect(await call('GET', '/subjects/a-value/versions/9')).toMatchObject(error(404, 40402));
    expect(await call('GET', '/subjects/a-value/versions/0')).toMatchObject(error(422, 42202));
    expect(await call('GET', '/subjects/a-value/versions/first')).toMatchObject(error(422, 42202));
    expect(await call('GET', '/subjects/a-value/versions/2147483648')).toMatchObject(error(422, 42202));
    expect(await call('GET', '/schemas/ids/77')).toMatchObject(error(404, 40403));
    expect(await call('GET', '/schemas/ids/abc')).toMatchObject(error(404, 40403));
  });

  it('answers 42201 for invalid schemas, other schema types and references', async () => {
    expect(await register('a-value', '{"type":"record"}')).toMatchObject(error(422, 42201));
    expect(await call('POST', '/subjects/a-value/versions', { schemaType: 'PROTOBUF', schema: 'syntax = "proto3";' })).toMatchObject(
      error(422, 42201),
    );
    const references = [{ name: 'x', subject: 'y', version: 1 }];
    expect(await call('POST', '/subjects/a-value/versions', { schema: v1, references })).toMatchObject(error(422, 42201));
    expect(await call('POST', '/subjects/a-value/versions', { schema: v1, schemaType: 'AVRO' })).toMatchObject({
      status: 200,
      body: { id: 1 },
    });
    expect(await call('POST', '/subjects/a-value/versions', { nothing: true })).toMatchObject(error(422, 42201));
  });
});

describe('compatibility', () => {
  it('rejects a breaking change with HTTP 409 / error_code 409 and writes nothing', async () => {
    await register('a-value', v1);
    const answer = await register('a-value', breaking);
    expect(answer).toMatchObject(error(409, 409));
    expect(JSON.stringify(answer.body)).toContain('BACKWARD');
    expect(log.entries).toHaveLength(1);
  });

  it('accepts the breaking change once the subject is set to NONE', async () => {
    await register('a-value', v1);
    expect(await call('PUT', '/config/a-value', { compatibility: 'NONE' })).toMatchObject({
      status: 200,
      body: { compatibility: 'NONE' },
    });
    expect((await register('a-value', breaking)).body).toEqual({ id: 2 });
  });

  it('answers is_compatible for latest, for a given version, and with messages when verbose', async () => {
    await register('a-value', v1);
    expect((await call('POST', '/compatibility/subjects/a-value/versions/latest', { schema: v2 })).body).toEqual({
      is_compatible: true,
    });
    expect((await call('POST', '/compatibility/subjects/a-value/versions/1', { schema: breaking })).body).toEqual({
      is_compatible: false,
    });
    const verbose = await call('POST', '/compatibility/subjects/a-value/versions/latest?verbose=true', { schema: breaking });
    expect(verbose.body).toEqual({ is_compatible: false, messages: [expect.stringContaining('body')] });
    expect(await call('POST', '/compatibility/subjects/a-value/versions/5', { schema: v2 })).toMatchObject(error(404, 40402));
    expect(await call('POST', '/compatibility/subjects/nobody/versions/1', { schema: v2 })).toMatchObject(error(404, 40401));
    expect((await call('POST', '/compatibility/subjects/nobody/versions/latest', { schema: v2 })).body).toEqual({
      is_compatible: true,
    });
  });
});

describe('config', () => {
  it('defaults to BACKWARD globally and has no subject level until one is set', async () => {
    expect((await call('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(await call('GET', '/config/a-value')).toMatchObject(error(404, 40408));
    expect((await call('GET', '/config/a-value?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('sets, reads and deletes levels; level names are case-insensitive', async () => {
    expect((await call('PUT', '/config', { compatibility: 'full_transitive' })).body).toEqual({ compatibility: 'FULL_TRANSITIVE' });
    expect((await call('GET', '/config')).body).toEqual({ compatibilityLevel: 'FULL_TRANSITIVE' });
    await call('PUT', '/config/a-value', { compatibility: 'FORWARD' });
    expect((await call('GET', '/config/a-value')).body).toEqual({ compatibilityLevel: 'FORWARD' });
    expect((await call('DELETE', '/config/a-value')).body).toEqual({ compatibilityLevel: 'FORWARD' });
    expect(await call('GET', '/config/a-value')).toMatchObject(error(404, 40408));
  });

  it('answers 42203 for an unknown level', async () => {
    expect(await call('PUT', '/config', { compatibility: 'SIDEWAYS' })).toMatchObject(error(422, 42203));
    expect(await call('PUT', '/config/a-value', {})).toMatchObject(error(422, 42203));
  });
});

describe('soft delete', () => {
  it('hides a deleted version, keeps its id readable, and never reuses its number', async () => {
    await register('a-value', v1);
    await register('a-value', v2);
    expect(await call('DELETE', '/subjects/a-value/versions/2')).toMatchObject({ status: 200, body: 2 });
    expect((await call('GET', '/subjects/a-value/versions')).body).toEqual([1]);
    expect((await call('GET', '/subjects/a-value/versions?deleted=true')).body).toEqual([1, 2]);
    expect(await call('GET', '/subjects/a-value/versions/2')).toMatchObject(error(404, 40402));
    expect((await call('GET', '/subjects/a-value/versions/2?deleted=true')).body).toMatchObject({ id: 2 });
    expect((await call('GET', '/schemas/ids/2')).body).toEqual({ schema: v2 });
    expect(await call('POST', '/subjects/a-value', { schema: v2 })).toMatchObject(error(404, 40403));
    expect((await register('a-value', v2)).body).toEqual({ id: 2 });
    expect((await call('GET', '/subjects/a-value/versions')).body).toEqual([1, 3]);
  });

  it('deletes a whole subject, then answers 40401 for it', async () => {
    await register('a-value', v1);
    await register('a-value', v2);
    expect((await call('DELETE', '/subjects/a-value')).body).toEqual([1, 2]);
    expect((await call('GET', '/subjects')).body).toEqual([]);
    expect((await call('GET', '/subjects?deleted=true')).body).toEqual(['a-value']);
    expect(await call('GET', '/subjects/a-value/versions')).toMatchObject(error(404, 40401));
    expect(await call('DELETE', '/subjects/a-value')).toMatchObject(error(404, 40401));
  });

  it('refuses permanent deletes (ids must never be reused) with 501', async () => {
    await register('a-value', v1);
    expect(await call('DELETE', '/subjects/a-value?permanent=true')).toMatchObject(error(501, 501));
    expect(await call('DELETE', '/subjects/a-value/versions/1?permanent=true')).toMatchObject(error(501, 501));
  });
});

describe('the log is the source of truth', () => {
  it('answers 50001 when the log refuses a write, and keeps nothing of it', async () => {
    await register('a-value', v1);
    log.failAppends = new Error('broker unreachable');
    expect(await register('a-value', v2)).toMatchObject(error(500, 50001));
    expect(await call('PUT', '/config', { compatibility: 'NONE' })).toMatchObject(error(500, 50001));
    log.failAppends = undefined;
    expect((await call('GET', '/subjects/a-value/versions')).body).toEqual([1]);
    expect((await call('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect((await register('a-value', v2)).body).toEqual({ id: 2 });
  });

  it('allocates distinct ids to concurrent registrations', async () => {
    const subjects = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const answers = await Promise.all(
      subjects.map((subject, i) => register(subject, record([{ name: `f${i}`, type: 'string' }]))),
    );
    const ids = answers.map((a) => (a.body as { id: number }).id);
    expect(new Set(ids).size).toBe(20);
  });

  it('rebuilds ids, versions, deletions and levels from the log', async () => {
    await register('a-value', v1);
    await register('a-value', v2);
    await register('b-value', v1);
    await call('DELETE', '/subjects/a-value/versions/1');
    await call('PUT', '/config/b-value', { compatibility: 'FULL' });

    handle = await loadRegistry({ log: createMemorySchemaLog(log.entries), logger: quiet });
    expect((await call('GET', '/subjects/a-value/versions')).body).toEqual([2]);
    expect((await call('GET', '/subjects/b-value/versions/1')).body).toMatchObject({ id: 1 });
    expect((await call('GET', '/config/b-value')).body).toEqual({ compatibilityLevel: 'FULL' });
    expect((await register('c-value', record([{ name: 'x', type: 'int' }]))).body).toEqual({ id: 3 });
  });
});
