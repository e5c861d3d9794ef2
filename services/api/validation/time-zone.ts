// IANA time zones validated by the runtime's own ICU data (Intl), so the API accepts exactly what the
// quiet-hours policy will later be able to compute with.

/** The canonical spelling of an IANA zone (`europe/berlin` → `Europe/Berlin`), or null when unknown. */
export function canonicalTimeZone(zone: string): string | null {
  // Offsets such as "+02:00" are accepted by Intl but are not zones: quiet hours need DST rules.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone) || zone.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** "HH:MM", 24-hour clock. */
export const LOCAL_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
