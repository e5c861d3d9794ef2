import { planRequests } from './producer';

const records = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ value: Buffer.from(`${tag}${i}`) }));

describe('planRequests', () => {
  it('keeps small sends in one request', () => {
    const plan = planRequests([{ topic: 'a', records: records(3, 'a') }, { topic: 'b', records: records(2, 'b') }], 10);
    expect(plan).toHaveLength(1);
    expect(plan[0]!.map((t) => [t.topic, t.records.length])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('splits into requests of at most maxRecords, preserving order within a topic', () => {
    const plan = planRequests([{ topic: 'a', records: records(5, 'a') }, { topic: 'b', records: records(4, 'b') }], 3);
    expect(plan.map((request) => request.map((t) => `${t.topic}:${t.records.map((r) => r.value.toString()).join('|')}`))).toEqual([
      ['a:a0|a1|a2'],
      ['a:a3|a4', 'b:b0'],
      ['b:b1|b2|b3'],
    ]);
  });

  it('plans nothing for nothing', () => {
    expect(planRequests([{ topic: 'a', records: [] }], 3)).toEqual([]);
  });
});
