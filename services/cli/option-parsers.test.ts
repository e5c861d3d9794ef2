import { CliError } from './cli-error';
import { collect, parseBoolean, parseInteger, parseJsonOption, parseKeyValues, parseList, parseQuietHours } from './option-parsers';

const usage = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as CliError).message;
  }
  throw new Error('expected a usage error');
};

describe('option parsers', () => {
  it('parse lists, pairs, booleans and integers', () => {
    expect(parseList(' a, b,,c ')).toEqual(['a', 'b', 'c']);
    expect(collect('b', collect('a'))).toEqual(['a', 'b']);
    expect(parseKeyValues('--data', ['order=o-1', 'url=https://x/?a=b'])).toEqual({ order: 'o-1', url: 'https://x/?a=b' });
    expect(parseBoolean('--opt-out', 'Yes')).toBe(true);
    expect(parseInteger('--ttl', '600')).toBe(600);
  });

  it('name the option when a value is wrong', () => {
    expect(usage(() => parseKeyValues('--data', ['novalue']))).toContain('--data');
    expect(usage(() => parseBoolean('--push', 'maybe'))).toContain('--push');
    expect(usage(() => parseInteger('--ttl', '1.5'))).toContain('--ttl');
    expect(usage(() => parseQuietHours('late'))).toContain('--quiet-hours');
    expect(usage(() => parseJsonOption('--subscription', '{', () => ''))).toContain('--subscription');
  });

  it('parse quiet hours and JSON from a file', () => {
    expect(parseQuietHours('22:00-07:00@Europe/Berlin')).toEqual({ start: '22:00', end: '07:00', time_zone: 'Europe/Berlin' });
    expect(parseQuietHours('off')).toBeNull();
    expect(parseJsonOption('--subscription', '@sub.json', () => '{"endpoint":"https://x"}')).toEqual({ endpoint: 'https://x' });
  });
});
