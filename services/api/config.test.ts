import { BASE_SETTINGS } from '../shared/config';
import { DB_SETTINGS } from '../shared/db/db-config';
import { API_SETTINGS, apiEnvSchema, loadApiConfig } from './config';

describe('loadApiConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      bodyLimitBytes: 262_144,
      jwt: { algorithm: 'HS256', key: null, issuer: 'herald', audience: 'herald-api', clockToleranceSeconds: 30 },
      deviceRegistrationRate: { max: 20, windowMs: 60_000 },
      idempotencyTtlMs: 24 * 3_600_000,
      defaultTtlSeconds: 86_400,
    });
  });

  it('picks the key that matches the algorithm', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----';
    expect(loadApiConfig({ JWT_SECRET: 's'.repeat(32) }).jwt.key).toBe('s'.repeat(32));
    expect(loadApiConfig({ JWT_ALGORITHM: 'RS256', JWT_SECRET: 's'.repeat(32), JWT_PUBLIC_KEY: pem }).jwt.key).toBe(pem);
  });

  it('names every bad variable', () => {
    expect(() => loadApiConfig({ API_PORT: 'eighty', JWT_SECRET: 'short', JWT_ALGORITHM: 'none' })).toThrow(/API_PORT.*JWT_ALGORITHM|JWT_SECRET/);
  });

  it('documents exactly the variables it reads beyond the shared base and database ones', () => {
    const shared = new Set([...BASE_SETTINGS, ...DB_SETTINGS].map((d) => d.name));
    const own = Object.keys(apiEnvSchema.shape).filter((name) => !shared.has(name));
    expect(own.sort()).toEqual(API_SETTINGS.map((d) => d.name).sort());
  });
});
