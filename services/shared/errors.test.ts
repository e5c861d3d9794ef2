import { ALL_ERROR_CODES, ERROR_CODES, HeraldError, isHeraldError, toHeraldError } from './errors';

describe('HeraldError', () => {
  it('carries the decision of its code', () => {
    const error = new HeraldError('TRANSIENT', 'registry unreachable');
    expect(error).toMatchObject({ code: 'TRANSIENT', retriable: true, decision: 'retry', metricLabel: 'transient' });
    expect(new HeraldError('DECODE_FAILED', 'x')).toMatchObject({ retriable: false, decision: 'dead_letter' });
    expect(isHeraldError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
  });

  it('keeps the cause', () => {
    const cause = new Error('socket hang up');
    expect(new HeraldError('TRANSIENT', 'x', { cause }).cause).toBe(cause);
  });

  it('has the codes the pipeline relies on, each with a unique metric label', () => {
    for (const code of ['DECODE_FAILED', 'SCHEMA_NOT_FOUND', 'INVALID_MESSAGE', 'PROCESSING_FAILED', 'RETRIES_EXHAUSTED', 'TRANSIENT']) {
      expect(ALL_ERROR_CODES).toContain(code);
    }
    const labels = ALL_ERROR_CODES.map((code) => ERROR_CODES[code].metricLabel);
    expect(new Set(labels).size).toBe(labels.length);
    for (const code of ALL_ERROR_CODES) {
      expect(ERROR_CODES[code].retriable).toBe(ERROR_CODES[code].decision === 'retry');
    }
  });
});

describe('toHeraldError', () => {
  it('passes HeraldErrors through and wraps anything else as UNEXPECTED (retriable)', () => {
    const herald = new HeraldError('INVALID_MESSAGE', 'no user id');
    expect(toHeraldError(herald)).toBe(herald);
    const wrapped = toHeraldError(new TypeError('boom'));
    expect(wrapped).toMatchObject({ code: 'UNEXPECTED', retriable: true, message: 'boom' });
    expect(toHeraldError('a string')).toMatchObject({ code: 'UNEXPECTED', message: 'a string' });
  });
});
