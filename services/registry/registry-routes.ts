import { RegistryError, toRegistryError } from './errors';
import type { RegistryLogger } from './registry-logger';
import { parseConfigRequest, parseSchemaId, parseSchemaRequest, parseVersionRef } from './registry-requests';
import type { RegistryService } from './registry-service';

// Confluent Schema Registry's REST API as a function from request to answer, free of any HTTP server
// so that every route and error code is unit tested without sockets (http-server.ts is the adapter).

export const RESPONSE_CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const REQUEST_CONTENT_TYPES = ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json'];

export interface RegistryRequest {
  readonly method: string;
  /** Path and query as received, still percent-encoded: /subjects/a%2Fb/versions?deleted=true */
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** Always sent as RESPONSE_CONTENT_TYPE; `body` is JSON text. */
export interface RegistryAnswer {
  readonly status: number;
  readonly body: string;
}

interface Context {
  /** Decoded values of the `*` segments, in order. */
  readonly params: readonly string[];
  flag(name: 'deleted' | 'verbose' | 'defaultToGlobal' | 'permanent'): boolean;
  /** The JSON body; throws 415 for another media type and 400 for malformed JSON. */
  body(): unknown;
}

interface Route {
  readonly method: string;
  readonly path: readonly string[];
  /** Returns the JSON text of a 200 answer. */
  readonly handle: (ctx: Context) => string | Promise<string>;
}

const json = (value: unknown): string => JSON.stringify(value);

export function createRegistryRoutes(deps: {
  service: RegistryService;
  logger: RegistryLogger;
}): (request: RegistryRequest) => Promise<RegistryAnswer> {
  const { service, logger } = deps;
  const param = (ctx: Context, index: number): string => ctx.params[index] ?? '';
  const refusePermanent = (ctx: Context): void => {
    if (ctx.flag('permanent')) {
      // Ids must never be reused, and a compacted topic cannot remember a deleted maximum id.
      throw new RegistryError('notImplemented', "Permanent delete is not supported by Herald's local registry");
    }
  };
  const compatibility = (ctx: Context): string => {
    const ref = ctx.params.length > 1 ? parseVersionRef(param(ctx, 1)) : undefined;
    const verdict = service.testCompatibility(param(ctx, 0), ref, parseSchemaRequest(ctx.body()));
    return json(ctx.flag('verbose') ? verdict : { is_compatible: verdict.is_compatible });
  };

  const routes: Route[] = [
    { method: 'GET', path: [], handle: () => json({}) },
    { method: 'GET', path: ['schemas', 'types'], handle: () => json(['AVRO']) },
    { method: 'GET', path: ['schemas', 'ids', '*'], handle: (ctx) => json(service.schemaById(parseSchemaId(param(ctx, 0)))) },
    {
      method: 'GET',
      path: ['schemas', 'ids', '*', 'schema'],
      handle: (ctx) => service.schemaById(parseSchemaId(param(ctx, 0))).schema,
    },
    { method: 'GET', path: ['subjects'], handle: (ctx) => json(service.subjects(ctx.flag('deleted'))) },
    {
      method: 'POST',
      path: ['subjects', '*'],
      handle: (ctx) => json(service.lookup(param(ctx, 0), parseSchemaRequest(ctx.body()), ctx.flag('deleted'))),
    },
    {
      method: 'DELETE',
      path: ['subjects', '*'],
      handle: async (ctx) => {
        refusePermanent(ctx);
        return json(await service.deleteSubject(param(ctx, 0)));
      },
    },
    {
      method: 'GET',
      path: ['subjects', '*', 'versions'],
      handle: (ctx) => json(service.versions(param(ctx, 0), ctx.flag('deleted'))),
    },
    {
      method: 'POST',
      path: ['subjects', '*', 'versions'],
      handle: async (ctx) => json(await service.register(param(ctx, 0), parseSchemaRequest(ctx.body()))),
    },
    {
      method: 'GET',
      path: ['subjects', '*', 'versions', '*'],
      handle: (ctx) => json(service.version(param(ctx, 0), parseVersionRef(param(ctx, 1)), ctx.flag('deleted'))),
    },
    {
      method: 'GET',
      path: ['subjects', '*', 'versions', '*', 'schema'],
      handle: (ctx) => service.version(param(ctx, 0), parseVersionRef(param(ctx, 1)), ctx.flag('deleted')).schema,
    },
    {
      method: 'DELETE',
      path: ['subjects', '*', 'versions', '*'],
      handle: async (ctx) => {
        refusePermanent(ctx);
        return json(await service.deleteVersion(param(ctx, 0), parseVersionRef(param(ctx, 1))));
      },
    },
    { method: 'GET', path: ['config'], handle: () => json(service.globalConfig()) },
    {
      method: 'PUT',
      path: ['config'],
      handle: async (ctx) => json(await service.setGlobalConfig(parseConfigRequest(ctx.body()))),
    },
    {
      method: 'GET',
      path: ['config', '*'],
      handle: (ctx) => json(service.subjectConfig(param(ctx, 0), ctx.flag('defaultToGlobal'))),
    },
    {
      method: 'PUT',
      path: ['config', '*'],
      handle: async (ctx) => json(await service.setSubjectConfig(param(ctx, 0), parseConfigRequest(ctx.body()))),
    },
    { method: 'DELETE', path: ['config', '*'], handle: async (ctx) => json(await service.deleteSubjectConfig(param(ctx, 0))) },
    { method: 'POST', path: ['compatibility', 'subjects', '*', 'versions', '*'], handle: compatibility },
    { method: 'POST', path: ['compatibility', 'subjects', '*', 'versions'], handle: compatibility },
  ];

  return async (request) => {
    try {
      const [rawPath = '', rawQuery = ''] = request.url.split('?', 2);
      const segments = decodeSegments(rawPath);
      const query = new URLSearchParams(rawQuery);
      for (const route of routes) {
        const params = route.method === request.method ? matchPath(route.path, segments) : undefined;
        if (!params) continue;
        const ctx: Context = {
          params,
          flag: (name) => query.get(name) === 'true',
          body: () => parseJsonBody(request),
        };
        return { status: 200, body: await route.handle(ctx) };
      }
      throw new RegistryError('notFound', `HTTP 404 Not Found (${request.method} ${rawPath})`);
    } catch (error) {
      const answer = toRegistryError(error);
      if (answer.httpStatus >= 500) {
        logger.error({ err: error, method: request.method, url: request.url, code: answer.code }, 'request failed');
      }
      return { status: answer.httpStatus, body: json(answer.toBody()) };
    }
  };
}

function decodeSegments(rawPath: string): string[] {
  try {
    return rawPath
      .split('/')
      .filter((segment) => segment.length > 0)
      .map((segment) => decodeURIComponent(segment));
  } catch {
    throw new RegistryError('badRequest', `Malformed percent-encoding in ${rawPath}`);
  }
}

/** The `*` segment values when `pattern` matches `segments`, else undefined. */
function matchPath(pattern: readonly string[], segments: readonly string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? '';
    if (part === '*') params.push(segment);
    else if (part !== segment) return undefined;
  }
  return params;
}

function parseJsonBody(request: RegistryRequest): unknown {
  const mediaType = request.contentType?.split(';', 1)[0]?.trim().toLowerCase();
  // A body without Content-Type is read as JSON; any other media type than the three above is refused.
  if (mediaType !== undefined && mediaType !== '' && !REQUEST_CONTENT_TYPES.includes(mediaType)) {
    throw new RegistryError('unsupportedMediaType', `HTTP 415 Unsupported Media Type (${mediaType})`);
  }
  try {
    return JSON.parse(request.body) as unknown;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new RegistryError('badRequest', `Malformed JSON body: ${detail}`);
  }
}
