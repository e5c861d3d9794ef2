import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { createOpsServer, type OpsServer } from './ops-server';

const logger = createLogger('ops-test', 'silent', new Writable({ write: (_c, _e, cb) => cb() }));

describe('ops server over real HTTP', () => {
  let server: OpsServer;
  let url: string;
  let consumerJoined = false;

  beforeAll(async () => {
    const registry = new Registry();
    createMetrics(registry).deadLetters.inc({ stage: 'ops-test', reason: 'decode_failed' });
    server = createOpsServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      logger,
      readiness: { consumer: () => consumerJoined, database: () => Promise.resolve(true) },
    });
    ({ url } = await server.start());
  });

  afterAll(() => server.close());

  it('serves Prometheus text on /metrics', async () => {
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('herald_dead_letters_total{stage="ops-test",reason="decode_failed"} 1');
  });

  it('answers /healthz while the process is alive', async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz 503 until every check passes, naming the checks', async () => {
    consumerJoined = false;
    const notReady = await fetch(`${url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not ready', checks: { consumer: false, database: true } });
    consumerJoined = true;
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
