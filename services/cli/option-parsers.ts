import { usageError } from './cli-error';

// Pure parsers for option values, each failing with a usage error that names the option.

/** Repeatable option collector: `--data a=1 --data b=2`. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function parseKeyValues(option: string, pairs: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw usageError(`${option} takes key=value (got ${JSON.stringify(pair)})`);
    result[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return result;
}

export function parseBoolean(option: string, value: string): boolean {
  if (['true', 'yes', 'on', '1'].includes(value.toLowerCase())) return true;
  if (['false', 'no', 'off', '0'].includes(value.toLowerCase())) return false;
  throw usageError(`${option} takes true or false (got ${JSON.stringify(value)})`);
}

export function parseInteger(option: string, value: string): number {
  if (!/^-?\d+$/.test(value)) throw usageError(`${option} takes a whole number (got ${JSON.stringify(value)})`);
  return Number(value);
}

/** `22:00-07:00@Europe/Berlin`, or `off` for none. */
export function parseQuietHours(value: string): { start: string; end: string; time_zone: string } | null {
  if (value === 'off' || value === 'none') return null;
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})@(.+)$/.exec(value);
  if (!match?.[1] || !match[2] || !match[3]) throw usageError(`--quiet-hours takes HH:MM-HH:MM@Time/Zone or off (got ${JSON.stringify(value)})`);
  return { start: match[1], end: match[2], time_zone: match[3] };
}

/** JSON given inline or as @path. */
export function parseJsonOption(option: string, value: string, readFile: (path: string) => string): unknown {
  const text = value.startsWith('@') ? readFile(value.slice(1)) : value;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw usageError(`${option} is not valid JSON: ${(error as Error).message}`);
  }
}
