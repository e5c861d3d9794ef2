import * as path from 'node:path';
import { findRepoPath } from '../../shared/contracts/repo-path';
import { loadTemplateCatalog, parseTemplate } from '../templates/template-loader';
import { mapEvent, mapEventByRules, ruleMatches, valueAt, type DomainEvent } from './rule-engine';
import { loadRules, parseRules, ruleTopics } from './rules-loader';

const catalog = new Map([['shipped', parseTemplate('shipped', 'default_locale: en\nlocales: { en: { title: t, body: b } }')]]);
const rulesYaml = `
rules:
  - name: shipped
    topic: shop.orders
    event_type: io.shop.OrderShipped
    user_ids: user_id
    category: order
    priority: HIGH
    template: shipped
    params: { order_id: order_id, city: address.city, missing: nope }
    collapse_key: "order-{{order_id}}"
    created_at: occurred_at
  - name: group
    topic: chat.messages
    when: { kind: group }
    event_id: "{{id}}:group"
    user_ids: members
    category: chat
    template: shipped
`;
const [shipped, group] = parseRules(rulesYaml, catalog);
const event = (over: Partial<DomainEvent> = {}): DomainEvent => ({
  topic: 'shop.orders',
  eventType: 'io.shop.OrderShipped',
  value: { event_id: 'ev-1', user_id: 'u1', order_id: 'o-9', address: { city: 'Köln' }, occurred_at: 1234 },
  timestampMs: 99,
  ...over,
});

describe('rules file', () => {
  it('parses with defaults', () => {
    expect(shipped).toMatchObject({ event_id: '{{event_id}}', ttl_seconds: 86400, when: {}, silent: false });
    expect(group).toMatchObject({ priority: 'NORMAL' });
    expect(ruleTopics([shipped!, group!])).toEqual(['shop.orders', 'chat.messages']);
  });
  it('names every problem and rejects unknown templates and duplicate names', () => {
    expect(() => parseRules('rules: [{ name: X, topic: t }]', catalog)).toThrow(/rules\.0\.name.*rules\.0\.user_ids/s);
    expect(() => parseRules('rules: [{ name: a, topic: t, user_ids: u, category: c, template: nope }]', catalog)).toThrow(/unknown template in a \(nope\)/);
    const twice = 'rules: [{ name: a, topic: t, user_ids: u, category: c, template: shipped }, { name: a, topic: t, user_ids: u, category: c, template: shipped }]';
    expect(() => parseRules(twice, catalog)).toThrow(/unique/);
  });
  it('accepts an empty file', () => {
    expect(parseRules('', catalog)).toEqual([]);
  });
  it('loads config/rules.yaml against config/templates', () => {
    const templates = loadTemplateCatalog(findRepoPath(path.join('config', 'templates'), __dirname));
    const rules = loadRules(findRepoPath(path.join('config', 'rules.yaml'), __dirname), templates);
    expect(rules.map((r) => r.name)).toContain('order-shipped');
  });
});

describe('rule matching', () => {
  it('matches on topic, event type and when-filters', () => {
    expect(ruleMatches(shipped!, event())).toBe(true);
    expect(ruleMatches(shipped!, event({ topic: 'other' }))).toBe(false);
    expect(ruleMatches(shipped!, event({ eventType: 'io.shop.OrderCancelled' }))).toBe(false);
    expect(ruleMatches(shipped!, event({ eventType: null }))).toBe(false);
    const chat = (kind: string) => event({ topic: 'chat.messages', eventType: null, value: { kind, id: 'm1', members: ['a'] } });
    expect(ruleMatches(group!, chat('group'))).toBe(true);
    expect(ruleMatches(group!, chat('direct'))).toBe(false);
  });
  it('maps only the rules that match', () => {
    expect(mapEventByRules([shipped!, group!], event())).toHaveLength(1);
    expect(mapEventByRules([shipped!, group!], event({ topic: 'nobody' }))).toEqual([]);
  });
});

describe('mapEvent', () => {
  it('builds a canonical request from the event', () => {
    const r = mapEvent(shipped!, event());
    expect(r).toEqual({
      ok: true,
      rule: shipped,
      request: {
        event_id: 'ev-1',
        app: null,
        user_ids: ['u1'],
        category: 'order',
        priority: 'HIGH',
        ttl_seconds: 86400,
        collapse_key: 'order-o-9',
        content: null,
        template: { id: 'shipped', params: { order_id: 'o-9', city: 'Köln', missing: '' }, locale: null },
        silent: false,
        thread_key: null,
        source: 'rule:shipped',
        created_at: 1234,
      },
    });
  });
  it('takes a list of users and the Kafka timestamp when created_at is not mapped', () => {
    const r = mapEvent(group!, event({ topic: 'chat.messages', value: { id: 'm1', members: ['a', 'b', 'a'] } }));
    expect(r).toMatchObject({ ok: true, request: { event_id: 'm1:group', user_ids: ['a', 'b'], created_at: 99 } });
  });
  it.each([
    ['no user id', { event_id: 'e', occurred_at: 1 }, /user_id is not a user id/],
    ['a non-string user id', { event_id: 'e', user_id: 5, occurred_at: 1 }, /user_id is not a user id/],
    ['no event id', { user_id: 'u', occurred_at: 1 }, /event id renders empty/],
    ['a bad timestamp', { event_id: 'e', user_id: 'u', occurred_at: 'x' }, /occurred_at is not epoch/],
  ])('reports %s', (_name, value, problem) => {
    const r = mapEvent(shipped!, event({ value }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(problem);
  });
  it('reads dotted paths', () => {
    expect(valueAt({ a: { b: { c: 1 } } }, 'a.b.c')).toBe(1);
    expect(valueAt({ a: [1] }, 'a.0')).toBeUndefined();
  });
});
