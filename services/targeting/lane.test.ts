import { laneFor } from './lane';

describe('laneFor', () => {
  it.each([
    ['LOW', false, 'bulk'],
    ['NORMAL', false, 'priority'],
    ['HIGH', false, 'priority'],
    ['CRITICAL', false, 'priority'],
    ['LOW', true, 'bulk'],
    ['NORMAL', true, 'bulk'],
    ['CRITICAL', true, 'bulk'],
  ] as const)('%s (broadcast=%s) takes the %s lane', (priority, broadcast, lane) => {
    expect(laneFor(priority, broadcast)).toBe(lane);
  });
});
