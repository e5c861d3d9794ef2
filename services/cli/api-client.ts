import { CliError } from './cli-error';

// The CLI's port onto the HTTP API: JSON in, JSON out, API errors turned into CliErrors that keep the
// API's code and field problems.

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}

interface ApiErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly errors?: readonly { field: string; reason: string }[];
}

function describeApiError(status: number, body: ApiErrorBody | null, raw: string): CliError {
  const message = body?.message ?? (raw.trim().slice(0, 200) || `HTTP ${status}`);
  return new CliError(body?.code ?? `HTTP_${status}`, `API answered ${status}: ${message}`, { details: body ?? raw });
}

export function createApiClient(options: { baseUrl: string; apiKey: string | null; timeoutMs: number; fetchImpl?: typeof fetch }): ApiClient {
  const doFetch = options.fetchImpl ?? fetch;

  async function request<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
    if (options.apiKey === null) {
      throw new CliError('NO_API_KEY', 'set HERALD_API_KEY to an API key (create one with `herald keys create`)', { exitCode: 2 });
    }
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}`, accept: 'application/json', ...extraHeaders };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${options.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new CliError('API_UNREACHABLE', `cannot reach the API at ${options.baseUrl}${cause} (${error instanceof Error ? error.message : String(error)})`);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!response.ok) throw describeApiError(response.status, parsed as ApiErrorBody | null, text);
    return parsed as T;
  }

  return {
    get: (path) => request('GET', path),
    post: (path, body, headers) => request('POST', path, body, headers),
    put: (path, body) => request('PUT', path, body),
    patch: (path, body) => request('PATCH', path, body),
    delete: async (path) => {
      await request('DELETE', path);
    },
  };
}
