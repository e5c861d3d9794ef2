import Mustache from 'mustache';
import type { LocalizedText } from './template-model';

// Push text is not HTML: placeholders are substituted verbatim (no &amp; in a title).
const RAW = { escape: (value: unknown): string => String(value) };

/** Renders one mustache string with `view`; a missing key renders empty, like mustache everywhere. */
export function renderText(template: string, view: Readonly<Record<string, unknown>>): string {
  return Mustache.render(template, view, {}, RAW);
}

/** Throws when a string of the template does not parse (unclosed tags), naming where. */
export function checkTemplateSyntax(where: string, text: LocalizedText): void {
  const strings = [
    text.title,
    text.body,
    text.image ?? '',
    text.deep_link ?? '',
    ...Object.values(text.data),
    ...text.actions.flatMap((a) => [a.title, a.deep_link ?? '']),
  ];
  for (const s of strings) {
    try {
      Mustache.parse(s);
    } catch (error) {
      throw new Error(`template ${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
