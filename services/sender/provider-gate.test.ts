import { createProviderGate } from './provider-gate';

describe('provider gate', () => {
  it('is open until closed, closed until the instant passes, then open again', () => {
    let now = 1_000;
    const gate = createProviderGate(() => now);
    expect(gate.closedUntil('https://fcm')).toBeNull();
    gate.closeUntil('https://fcm', 5_000);
    expect(gate.closedUntil('https://fcm')).toBe(5_000);
    now = 4_999;
    expect(gate.closedUntil('https://fcm')).toBe(5_000);
    now = 5_000;
    expect(gate.closedUntil('https://fcm')).toBeNull();
  });

  it('keeps keys apart', () => {
    const gate = createProviderGate(() => 0);
    gate.closeUntil('https://a', 10);
    expect(gate.closedUntil('https://b')).toBeNull();
  });

  it('extends with a later close and never shortens with an earlier one', () => {
    const gate = createProviderGate(() => 0);
    gate.closeUntil('k', 10);
    gate.closeUntil('k', 30);
    gate.closeUntil('k', 20);
    expect(gate.closedUntil('k')).toBe(30);
  });
});
