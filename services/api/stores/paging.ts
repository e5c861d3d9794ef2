import { fieldError } from '../api-errors';

// Keyset paging: a page ends with an opaque cursor (base64url JSON of the last row's sort key); the
// next page starts after it. No OFFSET, so deep pages cost the same as the first.

export interface Page<T> {
  readonly items: T[];
  /** Null on the last page. */
  readonly nextCursor: string | null;
}

export type CursorKey = readonly [string, string];

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The cursor's key; a 400 naming query.cursor when it was not made by encodeCursor. */
export function decodeCursor(cursor: string | undefined): CursorKey | null {
  if (cursor === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      return [parsed[0] as string, parsed[1] as string];
    }
  } catch {
    // falls through to the 400
  }
  throw fieldError('query.cursor', 'is not a cursor this API returned');
}

/** Fetches limit + 1 rows to know whether another page exists. */
export function pageOf<Row, T>(rows: Row[], limit: number, keyOf: (row: Row) => CursorKey, map: (row: Row) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
