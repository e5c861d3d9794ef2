import { LOCAL_TIME, canonicalTimeZone } from './time-zone';

describe('canonicalTimeZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['UTC', 'UTC'],
    ['Asia/Tokyo', 'Asia/Tokyo'],
  ])('accepts %s as %s', (zone, canonical) => {
    expect(canonicalTimeZone(zone)).toBe(canonical);
  });

  it.each(['Mars/Olympus_Mons', '+02:00', '', 'Europe/Berlin; DROP TABLE users', 'X'.repeat(80)])('refuses %p', (zone) => {
    expect(canonicalTimeZone(zone)).toBeNull();
  });
});

describe('LOCAL_TIME', () => {
  it('takes 24-hour HH:MM only', () => {
    expect(['00:00', '07:30', '23:59'].every((t) => LOCAL_TIME.test(t))).toBe(true);
    expect(['24:00', '7:30', '12:60', '12:00:00'].some((t) => LOCAL_TIME.test(t))).toBe(false);
  });
});
