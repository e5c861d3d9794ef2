import { DEFAULT_APP, type BroadcastTrigger, type Segment } from '../../shared/contracts/messages';
import type { CreateBroadcastBody, SegmentBody } from '../schemas/broadcast-schemas';
import type { Checked } from './device-tokens';
import { contentProblems, toContent, toTemplate } from './notification-input';

export const DEFAULT_BROADCAST_CATEGORY = 'marketing';

export function toSegment(segment: SegmentBody): Segment {
  return {
    apps: [...(segment.apps ?? [])],
    platforms: [...(segment.platforms ?? [])],
    locales: [...(segment.locales ?? [])],
    tags: [...(segment.tags ?? [])],
    last_seen_after: segment.last_seen_after === undefined ? null : Date.parse(segment.last_seen_after),
    user_ids: segment.user_ids === undefined ? null : [...segment.user_ids],
  };
}

export function buildBroadcastTrigger(
  body: CreateBroadcastBody,
  context: { readonly broadcastId: string; readonly now: Date; readonly defaultTtlSeconds: number },
): Checked<BroadcastTrigger> {
  const problems = contentProblems(body);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      broadcast_id: context.broadcastId,
      app: body.app ?? DEFAULT_APP,
      segment: toSegment(body.segment),
      content: body.content === undefined ? null : toContent(body.content),
      template: body.template === undefined ? null : toTemplate(body.template),
      category: body.category ?? DEFAULT_BROADCAST_CATEGORY,
      priority: body.priority ?? 'LOW',
      ttl_seconds: body.ttl_seconds ?? context.defaultTtlSeconds,
      throttle_per_second: body.throttle_per_second ?? null,
      created_at: context.now.getTime(),
    },
  };
}
