// Port onto preferences: one row per user. Replace and patch are single statements, so a failed
// request changes nothing.

export interface QuietHoursRecord {
  /** Local time "HH:MM". */
  readonly start: string;
  /** Local time "HH:MM"; may be before start (the window crosses midnight). */
  readonly end: string;
  /** IANA zone. */
  readonly timeZone: string;
}

export interface PreferencesRecord {
  readonly userId: string;
  readonly pushEnabled: boolean;
  readonly optedOut: boolean;
  readonly categoryOptOuts: readonly string[];
  readonly mutedThreadKeys: readonly string[];
  readonly quietHours: QuietHoursRecord | null;
  /** Null when the user never stored preferences (the defaults apply). */
  readonly updatedAt: Date | null;
}

export type PreferencesFields = Omit<PreferencesRecord, 'userId' | 'updatedAt'>;

export const DEFAULT_PREFERENCES: PreferencesFields = Object.freeze({
  pushEnabled: true,
  optedOut: false,
  categoryOptOuts: [],
  mutedThreadKeys: [],
  quietHours: null,
});

export interface PreferenceStore {
  get(userId: string): Promise<PreferencesRecord>;
  replace(userId: string, fields: PreferencesFields, now: Date): Promise<PreferencesRecord>;
  /** Changes only the fields given; creates the row from the defaults when missing. */
  patch(userId: string, fields: Partial<PreferencesFields>, now: Date): Promise<PreferencesRecord>;
}
