import type { NotificationContent, NotificationTemplate } from '../../shared/contracts/messages';
import { selectLocale } from './locale-select';
import { renderText } from './render-text';
import type { TemplateCatalog } from './template-model';

export type ContentResolution =
  | { readonly ok: true; readonly content: NotificationContent; readonly locale: string | null }
  | { readonly ok: false; readonly reason: 'TEMPLATE_NOT_FOUND' };

/**
 * The content shown on one device: literal content as is, or the template rendered in the forced
 * locale (template.locale) or else the device's, falling back to the template's default locale.
 */
export function resolveContent(
  catalog: TemplateCatalog,
  literal: NotificationContent | null,
  ref: NotificationTemplate | null,
  deviceLocale: string | null,
): ContentResolution {
  if (ref === null) {
    return { ok: true, content: literal ?? EMPTY_CONTENT, locale: null };
  }
  const template = catalog.get(ref.id);
  if (template === undefined) return { ok: false, reason: 'TEMPLATE_NOT_FOUND' };
  const locale = selectLocale(Object.keys(template.locales), ref.locale ?? deviceLocale, template.defaultLocale);
  const text = template.locales[locale] ?? template.locales[template.defaultLocale];
  if (text === undefined) return { ok: false, reason: 'TEMPLATE_NOT_FOUND' };
  const view = ref.params;
  const optional = (s: string | null): string | null => {
    if (s === null) return null;
    const rendered = renderText(s, view);
    return rendered === '' ? null : rendered;
  };
  const content: NotificationContent = {
    title: renderText(text.title, view),
    body: renderText(text.body, view),
    image: optional(text.image),
    deep_link: optional(text.deep_link),
    data: Object.fromEntries(Object.entries(text.data).map(([k, v]) => [k, renderText(v, view)])),
    actions: text.actions.map((a) => ({ id: a.id, title: renderText(a.title, view), deep_link: optional(a.deep_link) })),
  };
  return { ok: true, content, locale };
}

/** Content of a silent push that carries neither content nor template. */
export const EMPTY_CONTENT: NotificationContent = Object.freeze({
  title: '',
  body: '',
  data: {},
  image: null,
  deep_link: null,
  actions: [],
});
