import type { ApnsEnvironment, Platform, Provider, WebPushKeys } from '../shared/contracts/messages';
import type { Preferences } from './preference-policy';

/** An active device as targeting needs it (a row of `devices`, symbols in Avro spelling). */
export interface TargetDevice {
  /** devices.id, a UUID. */
  readonly deviceId: string;
  readonly userId: string;
  readonly app: string;
  readonly provider: Provider;
  readonly platform: Platform;
  /** Never log whole. */
  readonly token: string;
  /** BCP 47; null when unknown. */
  readonly locale: string | null;
  readonly webpushKeys: WebPushKeys | null;
  readonly apnsEnvironment: ApnsEnvironment | null;
}

/** A user with their preferences and active devices of one app. */
export interface TargetUser {
  readonly userId: string;
  readonly preferences: Preferences;
  readonly devices: readonly TargetDevice[];
}
