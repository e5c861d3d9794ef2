import { DEFAULT_APP, type NotificationContent, type NotificationRequest, type NotificationTemplate } from '../../shared/contracts/messages';
import type { FieldProblem } from '../api-errors';
import type { ContentBody, SendBody, TemplateBody } from '../schemas/notification-schemas';
import type { Checked } from './device-tokens';

// Request bodies → the Avro contract (schemas/notification-request.avsc): every optional field made
// explicit (null / {} / []), priority and TTL defaulted, and the one rule a JSON schema states badly:
// exactly one of content and template.

export function toContent(content: ContentBody): NotificationContent {
  return {
    title: content.title,
    body: content.body,
    data: { ...(content.data ?? {}) },
    image: content.image ?? null,
    deep_link: content.deep_link ?? null,
    actions: (content.actions ?? []).map((a) => ({ id: a.id, title: a.title, deep_link: a.deep_link ?? null })),
  };
}

export function toTemplate(template: TemplateBody): NotificationTemplate {
  return { id: template.id, params: { ...(template.params ?? {}) }, locale: template.locale ?? null };
}

export function contentProblems(body: { content?: unknown; template?: unknown }): FieldProblem[] {
  if (body.content !== undefined && body.template !== undefined) {
    return [{ field: 'body.template', reason: 'give content or template, not both' }];
  }
  if (body.content === undefined && body.template === undefined) {
    return [{ field: 'body.content', reason: 'is required (or give template)' }];
  }
  return [];
}

export function buildNotificationRequest(
  body: SendBody,
  context: { readonly eventId: string; readonly now: Date; readonly defaultTtlSeconds: number },
): Checked<NotificationRequest> {
  const problems = contentProblems(body);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      event_id: context.eventId,
      app: body.app ?? DEFAULT_APP,
      user_ids: [...body.user_ids],
      category: body.category,
      priority: body.priority ?? 'NORMAL',
      ttl_seconds: body.ttl_seconds ?? context.defaultTtlSeconds,
      collapse_key: body.collapse_key ?? null,
      content: body.content === undefined ? null : toContent(body.content),
      template: body.template === undefined ? null : toTemplate(body.template),
      silent: body.silent ?? false,
      thread_key: body.thread_key ?? null,
      source: body.source ?? null,
      created_at: context.now.getTime(),
    },
  };
}
