import { z } from 'zod';
import { PRIORITIES } from '../../shared/contracts/messages';

/** A dotted path into the decoded event, e.g. `user_id` or `customer.id`. */
const fieldPath = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'must be a dotted field path');

/**
 * One declarative rule: which upstream events become which notification. Strings marked "mustache"
 * are rendered with the decoded event as the view; "path" fields point into the event.
 */
export const ruleSchema = z.object({
  /** Unique rule name (metrics label, logs). */
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lowercase letters, digits, _ . -'),
  /** Upstream topic, exactly as named in Kafka (not prefixed with HERALD_TOPIC_PREFIX). */
  topic: z.string().min(1),
  /** Avro full name of the writer schema (e.g. io.shop.OrderShipped); omitted: any type on the topic. */
  event_type: z.string().min(1).optional(),
  /** Field equality filters (path → value, compared as strings); all must hold. */
  when: z.record(fieldPath, z.string()).default({}),
  /** mustache: the notification event id, de-duplicated per user (two rules on one event need distinct ids). */
  event_id: z.string().min(1).default('{{event_id}}'),
  /** path: a string or an array of strings. */
  user_ids: fieldPath,
  /** App of the devices to notify; omitted: the default app. */
  app: z.string().min(1).optional(),
  category: z.string().min(1),
  priority: z.enum(PRIORITIES).default('NORMAL'),
  /** Seconds from created_at. */
  ttl_seconds: z.number().int().min(0).default(86_400),
  /** Template id in config/templates. */
  template: z.string().min(1),
  /** Template params: param name → path in the event (absent fields give an empty string). */
  params: z.record(z.string(), fieldPath).default({}),
  /** mustache, optional. */
  collapse_key: z.string().min(1).optional(),
  /** mustache, optional. */
  thread_key: z.string().min(1).optional(),
  /** path to an epoch-millis field; omitted: the Kafka message timestamp. */
  created_at: fieldPath.optional(),
  silent: z.boolean().default(false),
});
export type Rule = z.infer<typeof ruleSchema>;

export const rulesFileSchema = z
  .object({ rules: z.array(ruleSchema).default([]) })
  .refine((file) => new Set(file.rules.map((r) => r.name)).size === file.rules.length, {
    message: 'rule names must be unique',
  });
