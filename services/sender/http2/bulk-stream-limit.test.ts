import { bulkStreamLimit } from './h2-pool';

describe('bulkStreamLimit', () => {
  it('leaves a fifth of the streams to urgent requests', () => {
    expect(bulkStreamLimit(100)).toBe(80);
    expect(bulkStreamLimit(1000)).toBe(800);
    expect(bulkStreamLimit(10)).toBe(8);
  });

  it('reserves nothing on connections allowing fewer than 10 streams (APNs before authentication)', () => {
    expect(bulkStreamLimit(1)).toBe(1);
    expect(bulkStreamLimit(9)).toBe(9);
  });
});
