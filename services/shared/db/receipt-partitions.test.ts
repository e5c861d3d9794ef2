import { receiptPartitionName, utcDay } from './receipt-partitions';

describe('receipt partition naming', () => {
  it('uses the UTC day of the instant', () => {
    expect(utcDay(new Date('2026-11-21T23:59:59.999Z'))).toBe('2026-11-21');
    expect(utcDay(new Date('2026-11-22T00:30:00+02:00'))).toBe('2026-11-21');
    expect(receiptPartitionName(new Date('2027-01-05T10:00:00Z'))).toBe('receipts_p20270105');
  });
});
