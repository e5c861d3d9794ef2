import type { Receipt, ReceiptStatus } from '../shared/contracts/messages';
import { tokenFeedback } from './token-feedback';
import { receiptRowsForBatch } from './receipt-rows';

const receipt = (over: Partial<Receipt> & { status: ReceiptStatus }): Receipt => ({
  receipt_id: `r-${Math.random()}`,
  delivery_id: 'd1',
  event_id: 'e1',
  broadcast_id: null,
  user_id: 'u1',
  device_id: '00000000-0000-4000-8000-000000000001',
  app: 'default',
  provider: 'APNS',
  reason: null,
  provider_message_id: null,
  http_status: null,
  attempt: 1,
  event_at: 1_000,
  occurred_at: 2_000,
  ...over,
});

describe('tokenFeedback', () => {
  it('deactivates a device reported dead, at the earliest report, with the reason', () => {
    const out = tokenFeedback([
      receipt({ status: 'TOKEN_DEAD', reason: 'Unregistered', occurred_at: 5_000 }),
      receipt({ status: 'TOKEN_DEAD', reason: 'Unregistered', occurred_at: 3_000 }),
    ]);
    expect(out.dead).toEqual([
      { deviceId: '00000000-0000-4000-8000-000000000001', reason: 'token_dead: Unregistered', reportedAt: new Date(3_000) },
    ]);
    expect(out.used).toEqual([]);
  });

  it('moves last_used_at to the latest acceptance, and not for a device that is also dead', () => {
    const a = '00000000-0000-4000-8000-00000000000a';
    const b = '00000000-0000-4000-8000-00000000000b';
    const out = tokenFeedback([
      receipt({ status: 'ACCEPTED', device_id: a, occurred_at: 10 }),
      receipt({ status: 'ACCEPTED', device_id: a, occurred_at: 30 }),
      receipt({ status: 'ACCEPTED', device_id: b, occurred_at: 20 }),
      receipt({ status: 'TOKEN_DEAD', device_id: b, occurred_at: 40 }),
    ]);
    expect(out.used).toEqual([{ deviceId: a, usedAt: new Date(30) }]);
    expect(out.dead.map((d) => d.deviceId)).toEqual([b]);
  });

  it('ignores other outcomes and receipts without a device', () => {
    const out = tokenFeedback([
      receipt({ status: 'SUPPRESSED', device_id: null, reason: 'GLOBAL_OPT_OUT' }),
      receipt({ status: 'RETRY_SCHEDULED' }),
      receipt({ status: 'MESSAGE_REJECTED' }),
      receipt({ status: 'TOKEN_DEAD', device_id: null }),
    ]);
    expect(out).toEqual({ dead: [], used: [] });
  });
});

describe('receiptRowsForBatch', () => {
  it('keeps one row per (occurred_at, receipt_id) and maps Avro symbols to the table spelling', () => {
    const r = receipt({ status: 'TOKEN_DEAD', receipt_id: 'same', provider: 'WEBPUSH' });
    const rows = receiptRowsForBatch([r, { ...r }, { ...r, occurred_at: r.occurred_at + 1 }]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ receiptId: 'same', status: 'token_dead', provider: 'webpush', occurredAt: new Date(2_000) });
  });
});
