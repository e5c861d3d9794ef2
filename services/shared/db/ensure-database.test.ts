import { databaseNameOf, maintenanceUrl } from './ensure-database';

describe('database URL handling', () => {
  it('finds the database name', () => {
    expect(databaseNameOf('postgres://postgres@127.0.0.1:5432/herald_test')).toBe('herald_test');
    expect(databaseNameOf('postgresql://u:p@db/my%20db?sslmode=require')).toBe('my db');
  });

  it('refuses a URL without a database', () => {
    expect(() => databaseNameOf('postgres://postgres@127.0.0.1:5432')).toThrow(/names no database/);
  });

  it('points the same server and credentials at the maintenance database', () => {
    expect(maintenanceUrl('postgres://u:secret@db:6543/herald?sslmode=require')).toBe(
      'postgres://u:secret@db:6543/postgres?sslmode=require',
    );
  });
});
