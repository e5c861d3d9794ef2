import { lagOf, readConsumerLag } from './consumer-lag';

describe('lagOf', () => {
  it('is the high watermark minus the committed offset, or minus the low one when nothing is committed', () => {
    const rows = lagOf(
      'targeting',
      [{ topic: 'herald.notifications.requests', partitions: [{ partition: 1, offset: '-1' }, { partition: 0, offset: '40' }] }],
      new Map([['herald.notifications.requests', [{ partition: 0, low: '0', high: '50' }, { partition: 1, low: '5', high: '12' }]]]),
    );
    expect(rows).toEqual([
      { group: 'targeting', topic: 'herald.notifications.requests', partition: 0, committed: 40, high: 50, lag: 10 },
      { group: 'targeting', topic: 'herald.notifications.requests', partition: 1, committed: null, high: 12, lag: 7 },
    ]);
  });
});

describe('readConsumerLag', () => {
  it('asks for every group when none is named, and reads each topic once', async () => {
    const fetchTopicOffsets = jest.fn(() => Promise.resolve([{ partition: 0, offset: '9', low: '0', high: '9' }]));
    const admin = {
      listGroups: () => Promise.resolve({ groups: [{ groupId: 'b', protocolType: 'consumer' }, { groupId: 'a', protocolType: 'consumer' }] }),
      fetchOffsets: ({ groupId }: { groupId: string }) =>
        Promise.resolve([{ topic: 't', partitions: [{ partition: 0, offset: groupId === 'a' ? '9' : '4', metadata: null }] }]),
      fetchTopicOffsets,
    };
    const rows = await readConsumerLag(admin, []);
    expect(rows.map((r) => [r.group, r.lag])).toEqual([['a', 0], ['b', 5]]);
    expect(fetchTopicOffsets).toHaveBeenCalledTimes(1);
  });
});
