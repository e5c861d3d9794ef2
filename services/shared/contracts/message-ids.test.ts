import { deliveryIdFor, receiptIdFor, userDeliveryIdFor } from './message-ids';

describe('message ids', () => {
  it('derives the same delivery id on every call (stable across retries and restarts)', () => {
    expect(deliveryIdFor('evt-1', 'dev-1')).toBe(deliveryIdFor('evt-1', 'dev-1'));
    expect(deliveryIdFor('evt-1', 'dev-1')).toMatch(/^[0-9a-f]{32}$/);
  });

  it('separates ids whose parts only differ in where they split', () => {
    expect(deliveryIdFor('a|b', 'c')).not.toBe(deliveryIdFor('a', 'b|c'));
    expect(deliveryIdFor('evt-1', 'x')).not.toBe(userDeliveryIdFor('evt-1', 'x'));
  });

  it('gives one receipt id per delivery, attempt and status', () => {
    const d = deliveryIdFor('evt-1', 'dev-1');
    expect(receiptIdFor(d, 1, 'ACCEPTED')).toBe(receiptIdFor(d, 1, 'ACCEPTED'));
    expect(receiptIdFor(d, 1, 'ACCEPTED')).not.toBe(receiptIdFor(d, 2, 'ACCEPTED'));
    expect(receiptIdFor(d, 1, 'ACCEPTED')).not.toBe(receiptIdFor(d, 1, 'RETRY_SCHEDULED'));
  });
});
