import type { NotificationContent } from '../shared/contracts/messages';
import type { Notification } from './notification';
import { renderPayload, type PayloadResult } from './payload/render-payload';
import type { TargetDevice } from './target-device';
import { normalizeLocale } from './templates/locale-select';
import { resolveContent, type ContentResolution } from './templates/resolve-content';
import type { TemplateCatalog } from './templates/template-model';

export type DeviceRender = PayloadResult | { readonly ok: false; readonly reason: 'TEMPLATE_NOT_FOUND' };

/**
 * Renders one notification for many devices, rendering each (locale, provider, platform) once: a
 * broadcast page of 1000 devices costs a handful of renders, not a thousand.
 */
export function createDeviceRenderer(n: Notification, catalog: TemplateCatalog): (device: TargetDevice) => DeviceRender {
  const contentByLocale = new Map<string, ContentResolution>();
  const payloads = new Map<string, PayloadResult>();
  const contentFor = (locale: string | null): ContentResolution => {
    const key = locale === null ? '' : normalizeLocale(locale);
    let resolved = contentByLocale.get(key);
    if (resolved === undefined) {
      resolved = resolveContent(catalog, n.content, n.template, locale);
      contentByLocale.set(key, resolved);
    }
    return resolved;
  };
  return (device) => {
    const resolved = contentFor(device.locale);
    if (!resolved.ok) return resolved;
    const key = `${device.provider}|${device.platform}|${resolved.locale ?? ''}`;
    let payload = payloads.get(key);
    if (payload === undefined) {
      payload = renderPayload(device.provider, renderInput(n, resolved.content, device));
      payloads.set(key, payload);
    }
    return payload;
  };
}

function renderInput(n: Notification, content: NotificationContent, device: TargetDevice) {
  return {
    content,
    silent: n.silent,
    priority: n.priority,
    category: n.category,
    platform: device.platform,
    ttlSeconds: n.ttlSeconds,
    collapseKey: n.collapseKey,
    threadKey: n.threadKey,
    createdAt: n.createdAt,
  };
}
