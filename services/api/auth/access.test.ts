import { ApiError } from '../api-errors';
import { authorize, type Access, type Principal } from './access';
import type { Scope } from './scopes';

const service = (...scopes: Scope[]): Principal => ({
  kind: 'service',
  keyId: 'k1',
  name: 'test',
  scopes,
});
const user: Principal = { kind: 'user', userId: 'alice' };

function statusOf(principal: Principal, access: Access, params: { userId?: string } = {}): number {
  try {
    authorize(principal, access, params);
    return 200;
  } catch (error) {
    return (error as ApiError).statusCode;
  }
}

describe('authorize', () => {
  it('lets a key use exactly the endpoints of its scopes, and admin everything', () => {
    expect(statusOf(service('send'), { kind: 'service', scope: 'send' })).toBe(200);
    expect(statusOf(service('send'), { kind: 'service', scope: 'broadcast' })).toBe(403);
    expect(statusOf(service('admin'), { kind: 'service', scope: 'broadcast' })).toBe(200);
    expect(statusOf(service('devices:read'), { kind: 'self-or-service', scope: 'devices:write' }, { userId: 'x' })).toBe(403);
  });

  it('lets a user reach only their own data, and no service-only endpoint', () => {
    const selfAccess: Access = { kind: 'self-or-service', scope: 'devices:write' };
    expect(statusOf(user, selfAccess, { userId: 'alice' })).toBe(200);
    expect(statusOf(user, selfAccess, { userId: 'bob' })).toBe(403);
    expect(statusOf(user, { kind: 'service', scope: 'send' })).toBe(403);
    expect(statusOf(user, { kind: 'public' })).toBe(200);
  });
});
