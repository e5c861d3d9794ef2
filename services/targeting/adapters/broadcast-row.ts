import { z } from 'zod';
import { PLATFORMS, PRIORITIES, type BroadcastTrigger } from '../../shared/contracts/messages';
import type { BroadcastJob } from '../ports';

// broadcasts rows ↔ BroadcastTrigger. segment/content/template are stored as the trigger's JSON
// (Avro field names); parsing is lenient with defaults so rows written by the API read the same.

const segmentSchema = z.object({
  apps: z.array(z.string()).default([]),
  platforms: z.array(z.string().transform((p) => p.toUpperCase()).pipe(z.enum(PLATFORMS))).default([]),
  locales: z.array(z.string()).default([]),
  tags: z.array(z.string()).default([]),
  last_seen_after: z.number().nullable().default(null),
  user_ids: z.array(z.string()).nullable().default(null),
});

const actionSchema = z.object({ id: z.string(), title: z.string(), deep_link: z.string().nullable().default(null) });
const contentSchema = z.object({
  title: z.string(),
  body: z.string(),
  data: z.record(z.string(), z.string()).default({}),
  image: z.string().nullable().default(null),
  deep_link: z.string().nullable().default(null),
  actions: z.array(actionSchema).default([]),
});
const templateSchema = z.object({
  id: z.string(),
  params: z.record(z.string(), z.string()).default({}),
  locale: z.string().nullable().default(null),
});

export interface BroadcastRow {
  readonly id: string;
  readonly app: string;
  readonly segment: unknown;
  readonly content: unknown;
  readonly template: unknown;
  readonly category: string;
  readonly priority: string;
  readonly ttl_seconds: number;
  readonly throttle_per_second: number | null;
  readonly triggered_at: Date;
  readonly cursor_app: string | null;
  readonly cursor_device_id: string | null;
}

export const BROADCAST_COLUMNS =
  'id, app, segment, content, template, category, priority, ttl_seconds, throttle_per_second, triggered_at, cursor_app, cursor_device_id';

/** The job a claimed row describes; throws (zod) when the stored JSON is unusable. */
export function jobFromRow(row: BroadcastRow): BroadcastJob {
  const trigger: BroadcastTrigger = {
    broadcast_id: row.id,
    app: row.app,
    segment: segmentSchema.parse(row.segment),
    content: row.content === null ? null : contentSchema.parse(row.content),
    template: row.template === null ? null : templateSchema.parse(row.template),
    category: row.category,
    priority: z.enum(PRIORITIES).parse(row.priority.toUpperCase()),
    ttl_seconds: row.ttl_seconds,
    throttle_per_second: row.throttle_per_second,
    created_at: row.triggered_at.getTime(),
  };
  const cursor =
    row.cursor_device_id === null ? null : { app: row.cursor_app ?? trigger.app ?? row.app, deviceId: row.cursor_device_id };
  return { trigger, cursor };
}

/** Parameters $2.. of the INSERT in pg-broadcast-store (after $1 = id). */
export function rowValuesOf(trigger: BroadcastTrigger, defaultApp: string): unknown[] {
  return [
    trigger.app ?? defaultApp,
    JSON.stringify(trigger.segment),
    trigger.content === null ? null : JSON.stringify(trigger.content),
    trigger.template === null ? null : JSON.stringify(trigger.template),
    trigger.category,
    trigger.priority.toLowerCase(),
    trigger.ttl_seconds,
    trigger.throttle_per_second,
    new Date(trigger.created_at),
  ];
}

/** Apps a segment covers: its own list, or the broadcast's app. Sorted: the stream walks apps in order. */
export function segmentApps(trigger: BroadcastTrigger, defaultApp: string): string[] {
  const apps = trigger.segment.apps.length > 0 ? trigger.segment.apps : [trigger.app ?? defaultApp];
  return [...new Set(apps)].sort();
}

/** Segment locales as the SQL compares them (lower case, `-`). */
export function segmentLocales(trigger: BroadcastTrigger): string[] {
  return trigger.segment.locales.map((l) => l.trim().replace(/_/g, '-').toLowerCase());
}
