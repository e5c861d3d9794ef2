// How a command prints its result: one JSON document on stdout with --json (for scripts), readable
// text otherwise. Progress and notices go to stderr so stdout stays parseable.

export interface Output {
  readonly json: boolean;
  result<T>(data: T, human: (data: T) => string): void;
  notice(line: string): void;
}

export function createOutput(json: boolean, write: (text: string) => void = (t) => void process.stdout.write(t)): Output {
  return {
    json,
    result(data, human) {
      write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human(data)}\n`);
    },
    notice(line) {
      if (!json) process.stderr.write(`${line}\n`);
    },
  };
}

/** One value as text: scalars as they are, structures as JSON, absent as "-". */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '-';
}

/** A plain text table: one header row, columns padded to their widest cell. */
export function table(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  if (rows.length === 0) return '(none)';
  const cell = cellText;
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]): string => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns.map((c) => c.toUpperCase())), ...rows.map((r) => line(columns.map((c) => cell(r[c]))))].join('\n');
}

/** `key: value` lines for one object. */
export function keyValues(data: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(data).map((k) => k.length));
  return Object.entries(data)
    .map(([k, v]) => `${k.padEnd(width)}  ${cellText(v)}`)
    .join('\n');
}
