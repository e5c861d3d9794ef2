import { followFrame } from './broadcast-progress';

describe('followFrame', () => {
  it('counts final receipts against emitted deliveries while running', () => {
    const frame = followFrame({
      broadcast_id: 'b',
      status: 'running',
      progress: { targeted: 100, emitted: 90, suppressed: 10 },
      receipts: { ACCEPTED: 40, TOKEN_DEAD: 5, RETRY_SCHEDULED: 7 },
    });
    expect(frame).toEqual({
      done: false,
      value: 45,
      total: 90,
      line: 'running: targeted 100, emitted 90, suppressed 10 | accepted 40, token_dead 5, retry_scheduled 7',
    });
  });

  it('is done on a final status and draws a bar even before anything was emitted', () => {
    expect(followFrame({ broadcast_id: 'b', status: 'pending', progress: { targeted: 0, emitted: 0, suppressed: 0 } })).toMatchObject({
      done: false,
      value: 0,
      total: 1,
    });
    expect(
      followFrame({ broadcast_id: 'b', status: 'failed', failure_reason: 'bad template', progress: { targeted: 1, emitted: 0, suppressed: 1 } }),
    ).toMatchObject({ done: true, line: 'failed (bad template): targeted 1, emitted 0, suppressed 1' });
  });
});
