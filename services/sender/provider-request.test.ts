import { TransportError } from './http2/transport-error';
import { requestClassified, transportOutcome, withRemedies } from './provider-request';
import { accepted, outcome, type SendOutcome } from './send-outcome';

describe('transportOutcome', () => {
  it.each([
    ['connect_failed', 'RETRY_LATER'],
    ['timeout', 'RETRY_LATER'],
    ['connection_lost', 'RETRY_LATER'],
    ['stream_error', 'RETRY_LATER'],
    ['pool_closed', 'RETRY_LATER'],
    ['invalid_request', 'MESSAGE_REJECTED'],
  ] as const)('%s → %s, no HTTP status', (failure, code) => {
    expect(transportOutcome(new TransportError(failure, 'x'))).toMatchObject({ code, reason: failure, httpStatus: null, gatedUntilMs: null });
  });

  it('carries the gate reopening time of a request that was never sent', () => {
    expect(transportOutcome(new TransportError('gated', 'x', { gatedUntilMs: 42 }))).toMatchObject({
      code: 'RETRY_LATER',
      reason: 'provider_throttled',
      gatedUntilMs: 42,
    });
  });

  it('treats anything else thrown as a transient client error', () => {
    expect(transportOutcome(new Error('bug'))).toMatchObject({ code: 'RETRY_LATER', reason: 'client_error' });
  });
});

describe('requestClassified', () => {
  it('classifies answers and never rejects', async () => {
    const classify = () => accepted(200, 'm');
    await expect(requestClassified(() => Promise.resolve({ status: 200, headers: {}, body: '' }), classify, () => 0)).resolves.toMatchObject({ code: 'ACCEPTED' });
    await expect(requestClassified(() => Promise.reject(new TransportError('timeout', 't')), classify, () => 0)).resolves.toMatchObject({ reason: 'timeout' });
  });
});

describe('withRemedies', () => {
  const scripted = (answers: SendOutcome[]) => {
    let calls = 0;
    return { attempt: () => Promise.resolve(answers[calls++]!), calls: () => calls };
  };

  it('refreshes auth and tries exactly once more; the second answer stands', async () => {
    const hooks = { refreshAuth: jest.fn(), reconnect: jest.fn() };
    const s = scripted([outcome('CREDENTIALS_REJECTED', 'UNAUTHENTICATED', { remedy: 'refresh_auth' }), outcome('CREDENTIALS_REJECTED', 'UNAUTHENTICATED', { remedy: 'refresh_auth' })]);
    await expect(withRemedies(s.attempt, hooks)).resolves.toMatchObject({ code: 'CREDENTIALS_REJECTED' });
    expect(s.calls()).toBe(2);
    expect(hooks.refreshAuth).toHaveBeenCalledTimes(1);
  });

  it('recycles connections on reconnect without another try, and does nothing for plain answers', async () => {
    const hooks = { refreshAuth: jest.fn(), reconnect: jest.fn() };
    const s = scripted([outcome('RETRY_LATER', 'Shutdown', { remedy: 'reconnect' })]);
    await expect(withRemedies(s.attempt, hooks)).resolves.toMatchObject({ reason: 'Shutdown' });
    expect(hooks.reconnect).toHaveBeenCalledTimes(1);
    expect(s.calls()).toBe(1);
    const plain = scripted([accepted(200, null)]);
    await withRemedies(plain.attempt, hooks);
    expect(plain.calls()).toBe(1);
    expect(hooks.refreshAuth).not.toHaveBeenCalled();
  });
});
