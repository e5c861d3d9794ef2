import { firstNotDue, NOT_BEFORE_HEADER, notBeforeOf } from './not-before-header';

const at = (ms?: string): { headers: Record<string, Buffer> } => ({ headers: ms === undefined ? {} : { [NOT_BEFORE_HEADER]: Buffer.from(ms) } });

describe('not-before header', () => {
  it('reads epoch ms, and treats missing or garbage as due now', () => {
    expect(notBeforeOf(at('1700000000123'))).toBe(1_700_000_000_123);
    expect(notBeforeOf(at())).toBe(0);
    expect(notBeforeOf(at('soon'))).toBe(0);
  });

  it('finds the first record that is not due yet', () => {
    const records = [at('10'), at(), at('20'), at('5')];
    expect(firstNotDue(records, 9)).toBe(0);
    expect(firstNotDue(records, 10)).toBe(2);
    expect(firstNotDue(records, 20)).toBe(4);
    expect(firstNotDue([], 0)).toBe(0);
  });
});
