import type { NotificationContent, Platform, Priority } from '../../shared/contracts/messages';

/** Everything a provider payload is rendered from (content already localised for the device). */
export interface RenderInput {
  readonly content: NotificationContent;
  readonly silent: boolean;
  readonly priority: Priority;
  readonly category: string;
  readonly platform: Platform;
  /** Seconds the provider should keep the message (the full TTL; senders may lower it to what remains). */
  readonly ttlSeconds: number;
  readonly collapseKey: string | null;
  readonly threadKey: string | null;
  /** ms since the epoch. */
  readonly createdAt: number;
}

export function isUrgent(priority: Priority): boolean {
  return priority === 'HIGH' || priority === 'CRITICAL';
}

/** Custom data delivered with every payload: the producer's data plus the deep link, when any. */
export function customData(content: NotificationContent): Record<string, string> {
  const data: Record<string, string> = { ...content.data };
  if (content.deep_link !== null) data.deep_link = content.deep_link;
  return data;
}
