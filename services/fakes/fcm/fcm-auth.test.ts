import { checkFcmAuth } from './fcm-auth';

const config = { acceptedTokens: ['good'], expiredTokens: ['old'], projects: ['p1'] };

describe('checkFcmAuth', () => {
  it('accepts a configured bearer token for a known project', () => {
    expect(checkFcmAuth('Bearer good', 'p1', config)).toBeNull();
  });

  it.each([
    [undefined, 'Request is missing required authentication credential.'],
    ['Basic abc', 'Request is missing required authentication credential.'],
    ['Bearer nope', 'Request had invalid authentication credentials.'],
    ['Bearer old', 'Request had invalid authentication credentials.'],
  ])('answers %s with 401 UNAUTHENTICATED without an FcmError', (header, message) => {
    const error = checkFcmAuth(header, 'p1', config);
    expect(error).toMatchObject({ httpStatus: 401, status: 'UNAUTHENTICATED' });
    expect(error?.errorCode).toBeUndefined();
    expect(error?.message.startsWith(message)).toBe(true);
  });

  it('answers an unknown project with 403 PERMISSION_DENIED', () => {
    expect(checkFcmAuth('Bearer good', 'other', config)).toMatchObject({ httpStatus: 403, status: 'PERMISSION_DENIED' });
  });
});
