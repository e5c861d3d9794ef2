import { decidePreferences, DEFAULT_PREFERENCES, type Preferences } from './preference-policy';

const prefs = (p: Partial<Preferences>): Preferences => ({ ...DEFAULT_PREFERENCES, ...p });
const order = { category: 'order', priority: 'NORMAL' as const, threadKey: 'order-1' };

describe('decidePreferences', () => {
  it('allows by default', () => {
    expect(decidePreferences(DEFAULT_PREFERENCES, order)).toEqual({ allow: true });
  });
  it('suppresses a global opt-out, even for CRITICAL', () => {
    expect(decidePreferences(prefs({ globalOptOut: true }), { ...order, priority: 'CRITICAL' })).toEqual({ allow: false, reason: 'OPTED_OUT' });
  });
  it('suppresses when push is disabled, even for CRITICAL', () => {
    expect(decidePreferences(prefs({ pushEnabled: false }), { ...order, priority: 'CRITICAL' })).toEqual({ allow: false, reason: 'PUSH_DISABLED' });
  });
  it('suppresses an opted-out category unless CRITICAL', () => {
    const p = prefs({ categoryOptOuts: ['order'] });
    expect(decidePreferences(p, order)).toEqual({ allow: false, reason: 'CATEGORY_OPTED_OUT' });
    expect(decidePreferences(p, { ...order, priority: 'HIGH' })).toEqual({ allow: false, reason: 'CATEGORY_OPTED_OUT' });
    expect(decidePreferences(p, { ...order, priority: 'CRITICAL' })).toEqual({ allow: true });
  });
  it('suppresses a muted thread; other threads and thread-less notifications pass', () => {
    const p = prefs({ mutedThreadKeys: ['order-1'] });
    expect(decidePreferences(p, order)).toEqual({ allow: false, reason: 'THREAD_MUTED' });
    expect(decidePreferences(p, { ...order, threadKey: 'order-2' })).toEqual({ allow: true });
    expect(decidePreferences(p, { ...order, threadKey: null })).toEqual({ allow: true });
  });
  it('reports the global opt-out before any other reason', () => {
    const p = prefs({ globalOptOut: true, pushEnabled: false, categoryOptOuts: ['order'], mutedThreadKeys: ['order-1'] });
    expect(decidePreferences(p, order)).toEqual({ allow: false, reason: 'OPTED_OUT' });
  });
});
