import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findMigrationsDir } from './migrate';

describe('infra/migrations', () => {
  const dir = findMigrationsDir();
  const files = readdirSync(dir).filter((f) => !f.startsWith('.'));

  it('holds only .sql migrations named <13-digit timestamp>_<what>.sql, in a unique order', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(/^\d{13}_[a-z0-9-]+\.sql$/);
    const stamps = files.map((f) => f.slice(0, 13));
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it.each(files)('%s has an up and a down section, in that order', (file) => {
    const sql = readFileSync(path.join(dir, file), 'utf8');
    const up = sql.indexOf('-- Up Migration');
    const down = sql.indexOf('-- Down Migration');
    expect(up).toBeGreaterThanOrEqual(0);
    expect(down).toBeGreaterThan(up);
  });
});
