import type { Provider } from '../../shared/contracts/messages';
import { renderApnsPayload } from './apns-payload';
import { renderFcmMessage } from './fcm-payload';
import { PAYLOAD_LIMIT_BYTES, providerPayloadBytes } from './payload-size';
import type { RenderInput } from './render-input';
import { renderWebPushPayload } from './webpush-payload';

export type PayloadResult =
  | { readonly ok: true; readonly json: string; readonly bytes: number }
  | { readonly ok: false; readonly reason: 'PAYLOAD_TOO_LARGE'; readonly bytes: number; readonly limitBytes: number };

const RENDERERS: Readonly<Record<Provider, (input: RenderInput) => Record<string, unknown>>> = {
  FCM: renderFcmMessage,
  APNS: renderApnsPayload,
  WEBPUSH: renderWebPushPayload,
};

/** The provider-specific JSON body, or PAYLOAD_TOO_LARGE when it exceeds that provider's limit. */
export function renderPayload(provider: Provider, input: RenderInput): PayloadResult {
  const payload = RENDERERS[provider](input);
  const json = JSON.stringify(payload);
  const bytes = providerPayloadBytes(provider, payload, json);
  const limitBytes = PAYLOAD_LIMIT_BYTES[provider];
  if (bytes > limitBytes) return { ok: false, reason: 'PAYLOAD_TOO_LARGE', bytes, limitBytes };
  return { ok: true, json, bytes };
}
