import type { Provider } from '../../shared/contracts/messages';

export interface StubSettings {
  /** Which provider the stub stands in for (receipts and topics carry it). */
  readonly provider: Provider;
  /** Origin reported as the endpoint (the provider gate key). */
  readonly origin: string;
  /** Payloads larger than this many bytes are rejected with 413, like the real providers' limits. */
  readonly maxPayloadBytes: number;
}

export const DEFAULT_STUB_SETTINGS: StubSettings = {
  provider: 'FCM',
  origin: 'https://stub.invalid',
  maxPayloadBytes: 4096,
};
