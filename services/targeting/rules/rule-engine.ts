import type { NotificationRequest } from '../../shared/contracts/messages';
import { renderText } from '../templates/render-text';
import type { Rule } from './rule-model';

/** An upstream event as the runner hands it over. */
export interface DomainEvent {
  readonly topic: string;
  /** Avro full name of the writer schema, when known. */
  readonly eventType: string | null;
  readonly value: Readonly<Record<string, unknown>>;
  /** Kafka message timestamp, ms since the epoch. */
  readonly timestampMs: number;
}

export type RuleMapping =
  | { readonly ok: true; readonly rule: Rule; readonly request: NotificationRequest }
  | { readonly ok: false; readonly rule: Rule; readonly problem: string };

/** The value at a dotted path, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

export function ruleMatches(rule: Rule, event: DomainEvent): boolean {
  if (rule.topic !== event.topic) return false;
  if (rule.event_type !== undefined && event.eventType !== null && rule.event_type !== event.eventType) return false;
  if (rule.event_type !== undefined && event.eventType === null) return false;
  return Object.entries(rule.when).every(([path, expected]) => asText(valueAt(event.value, path)) === expected);
}

function userIds(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.length > 0 ? [value] : undefined;
  if (!Array.isArray(value)) return undefined;
  const ids = value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  return ids.length > 0 && ids.length === value.length ? [...new Set(ids)] : undefined;
}

function optionalText(template: string | undefined, view: Readonly<Record<string, unknown>>): string | null {
  if (template === undefined) return null;
  const text = renderText(template, view);
  return text === '' ? null : text;
}

/** The canonical request `rule` makes of `event`, or the problem that stops it (the event is then dead-lettered). */
export function mapEvent(rule: Rule, event: DomainEvent): RuleMapping {
  const fail = (problem: string): RuleMapping => ({ ok: false, rule, problem: `rule ${rule.name}: ${problem}` });
  const eventId = renderText(rule.event_id, event.value);
  if (eventId === '') return fail('event id renders empty');
  const users = userIds(valueAt(event.value, rule.user_ids));
  if (users === undefined) return fail(`${rule.user_ids} is not a user id or a list of user ids`);
  let createdAt = event.timestampMs;
  if (rule.created_at !== undefined) {
    const raw = valueAt(event.value, rule.created_at);
    if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(`${rule.created_at} is not epoch milliseconds`);
    createdAt = raw;
  }
  const params = Object.fromEntries(
    Object.entries(rule.params).map(([name, path]) => [name, asText(valueAt(event.value, path)) ?? '']),
  );
  const request: NotificationRequest = {
    event_id: eventId,
    app: rule.app ?? null,
    user_ids: users,
    category: rule.category,
    priority: rule.priority,
    ttl_seconds: rule.ttl_seconds,
    collapse_key: optionalText(rule.collapse_key, event.value),
    content: null,
    template: { id: rule.template, params, locale: null },
    silent: rule.silent,
    thread_key: optionalText(rule.thread_key, event.value),
    source: `rule:${rule.name}`,
    created_at: createdAt,
  };
  return { ok: true, rule, request };
}

/** Every rule that applies to `event`, mapped (an event no rule matches gives an empty list and is skipped). */
export function mapEventByRules(rules: readonly Rule[], event: DomainEvent): RuleMapping[] {
  return rules.filter((rule) => ruleMatches(rule, event)).map((rule) => mapEvent(rule, event));
}
