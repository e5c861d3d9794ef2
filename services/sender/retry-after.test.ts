import { parseRetryAfterMs } from './retry-after';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('parseRetryAfterMs', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 7 ', 7_000],
  ])('reads delay-seconds %j', (value, expected) => {
    expect(parseRetryAfterMs(value, NOW)).toBe(expected);
  });

  it('reads an HTTP-date as the delay from now', () => {
    expect(parseRetryAfterMs('Sat, 01 Mar 2025 12:00:30 GMT', NOW)).toBe(30_000);
  });

  it('treats a date in the past as no delay', () => {
    expect(parseRetryAfterMs('Sat, 01 Mar 2025 11:00:00 GMT', NOW)).toBe(0);
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfterMs(['3', '9'], NOW)).toBe(3_000);
  });

  it.each([undefined, '', '-5', '1.5', 'soon', '12abc'])('ignores %j', (value) => {
    expect(parseRetryAfterMs(value, NOW)).toBeNull();
  });
});
