import type { ApnsEnvironment } from '../../shared/contracts/messages';

export interface ApnsSettings {
  /** scheme://host[:port] per environment (https://api.push.apple.com, https://api.sandbox.push.apple.com, or the fake). */
  readonly baseUrls: Readonly<Record<ApnsEnvironment, string>>;
  /** Used when a delivery carries no apns_environment. */
  readonly defaultEnvironment: ApnsEnvironment;
  /** The .p8 signing key (PKCS#8 PEM). */
  readonly keyPem: string;
  /** 10-character Key ID of that key. */
  readonly keyId: string;
  /** 10-character Team ID. */
  readonly teamId: string;
  /** apns-topic: the app's bundle id. */
  readonly topic: string;
  /** Age at which the provider JWT is replaced, ms (kept inside Apple's 20–60 min window). */
  readonly jwtReuseMs: number;
}
