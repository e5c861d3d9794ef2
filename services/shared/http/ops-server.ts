import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger';

// The per-process ops endpoint: /metrics (Prometheus), /healthz (the process answers), /readyz
// (named readiness checks, e.g. consumer joined + database reachable; 503 until all pass).

export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface OpsServerOptions {
  /** TCP port; 0 = any free port (tests). */
  readonly port: number;
  /** Interface to bind; default 0.0.0.0 (probes and scrapes come from outside the pod). */
  readonly host?: string;
  readonly registry: Registry;
  /** Named checks; /readyz is 200 only when every one returns true in time. */
  readonly readiness?: Readonly<Record<string, ReadinessCheck>>;
  /** Milliseconds a readiness check may take before it counts as failed. */
  readonly checkTimeoutMs?: number;
  readonly logger: Logger;
}

export interface OpsServer {
  /** Listens; resolves with the bound port and base URL. */
  start(): Promise<{ readonly port: number; readonly url: string }>;
  close(): Promise<void>;
}

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function readinessReport(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check, timeoutMs)] as const),
  );
  return { ready: entries.every(([, ok]) => ok), checks: Object.fromEntries(entries) };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function createOpsServer(options: OpsServerOptions): OpsServer {
  const checks = options.readiness ?? {};
  const checkTimeoutMs = options.checkTimeoutMs ?? 2_000;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = (request.url ?? '/').split('?')[0];
    switch (path) {
      case '/metrics': {
        const text = await options.registry.metrics();
        response.writeHead(200, { 'content-type': options.registry.contentType });
        response.end(text);
        return;
      }
      case '/healthz':
        sendJson(response, 200, { status: 'ok' });
        return;
      case '/readyz': {
        const report = await readinessReport(checks, checkTimeoutMs);
        sendJson(response, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not ready', checks: report.checks });
        return;
      }
      default:
        sendJson(response, 404, { error: `no route ${path}` });
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      options.logger.error({ err: error, url: request.url }, 'ops request failed');
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.end();
    });
  });

  return {
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host ?? '0.0.0.0', () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          const host = options.host ?? '127.0.0.1';
          options.logger.info({ port }, 'ops server listening');
          resolve({ port, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}` });
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
