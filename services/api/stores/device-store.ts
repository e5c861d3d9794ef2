import type { ApnsEnvironment, Platform, Provider } from '../../shared/contracts/messages';

// Port onto devices (+ the users rows they hang off). Registration is one transaction: the token's row
// is found by (app, provider, token hash); a rotation (device_id given) replaces that device's token; a
// token registered by another user moves to the caller (a token is never shared between users).

export interface DeviceRegistration {
  readonly userId: string;
  readonly app: string;
  readonly platform: Platform;
  readonly provider: Provider;
  /** FCM/APNs token, or the Web Push endpoint. */
  readonly token: string;
  readonly webpushKeys: { readonly p256dh: string; readonly auth: string } | null;
  readonly apnsEnvironment: ApnsEnvironment | null;
  readonly locale: string | null;
  readonly timeZone: string | null;
  readonly appVersion: string | null;
  /** Token rotation: the device (of this user and app) whose token this registration replaces. */
  readonly rotateDeviceId: string | null;
}

export interface DeviceRecord {
  readonly deviceId: string;
  readonly userId: string;
  readonly app: string;
  readonly platform: Platform;
  readonly provider: Provider;
  readonly token: string;
  readonly apnsEnvironment: ApnsEnvironment | null;
  readonly locale: string | null;
  readonly timeZone: string | null;
  readonly appVersion: string | null;
  readonly active: boolean;
  readonly createdAt: Date;
  /** Last registration or refresh. */
  readonly lastSeenAt: Date;
  readonly deactivationReason: string | null;
}

export type RegisterOutcome = 'created' | 'refreshed' | 'rotated' | 'moved';

export type RegisterResult =
  | { readonly ok: true; readonly device: DeviceRecord; readonly outcome: RegisterOutcome }
  /** Rotation named a device that is not this user's (or not this app's / provider's). */
  | { readonly ok: false; readonly reason: 'rotate_target_not_found' };

export interface DeviceStore {
  register(registration: DeviceRegistration, now: Date): Promise<RegisterResult>;
  list(userId: string, options: { readonly app: string | null; readonly includeInactive: boolean }): Promise<DeviceRecord[]>;
  /** Deactivates the user's device (reason "unregistered"); true when it was active. */
  remove(userId: string, deviceId: string): Promise<boolean>;
}
