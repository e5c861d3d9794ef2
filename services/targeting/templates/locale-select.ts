/** `de_AT`, `DE-at` → `de-at`: BCP 47 tags compare case-insensitively, and devices often report `_`. */
export function normalizeLocale(tag: string): string {
  return tag.trim().replace(/_/g, '-').toLowerCase();
}

function language(tag: string): string {
  return normalizeLocale(tag).split('-')[0] ?? '';
}

/**
 * The best of `available` for someone who prefers `wanted` (null: no preference): the exact tag,
 * then its language alone (de-AT → de), then another region of the same language (de-AT → de-DE),
 * then `fallback`. Returns the tag as spelled in `available`.
 */
export function selectLocale(available: readonly string[], wanted: string | null, fallback: string): string {
  if (wanted === null || wanted.trim() === '') return fallback;
  const want = normalizeLocale(wanted);
  const wantLanguage = language(want);
  const exact = available.find((tag) => normalizeLocale(tag) === want);
  if (exact !== undefined) return exact;
  const languageOnly = available.find((tag) => normalizeLocale(tag) === wantLanguage);
  if (languageOnly !== undefined) return languageOnly;
  const sameLanguage = available.find((tag) => language(tag) === wantLanguage);
  return sameLanguage ?? fallback;
}
