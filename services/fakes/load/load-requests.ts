import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import * as webpush from 'web-push';
import type { DevCredentials } from '../dev-credentials';
import type { FakeControl } from '../shared/control-facade';

/** One request to replay many times (h2load, other load generators). */
export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface LoadTargets {
  fcmUrl: string;
  apnsUrl: string;
  webpushUrl: string;
}

/** A valid FCM send for the dev credentials (accepted with 200). */
export function fcmLoadRequest(targets: LoadTargets, credentials: DevCredentials): LoadRequest {
  const message = { token: `load${randomBytes(8).toString('hex')}:APA91b`, notification: { title: 'Load', body: 'test' }, data: { k: 'v' } };
  return {
    url: `${targets.fcmUrl}/v1/projects/${credentials.fcm.projectId}/messages:send`,
    headers: { authorization: `Bearer ${credentials.fcm.accessToken}`, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/** A valid APNs alert for the dev key (one provider token, reused as APNs requires). */
export function apnsLoadRequest(targets: LoadTargets, credentials: DevCredentials, nowSeconds = Math.floor(Date.now() / 1000)): LoadRequest {
  const { keyId, teamId, topic, privateKeyPem } = credentials.apns;
  const encode = (part: object): string => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode({ alg: 'ES256', kid: keyId })}.${encode({ iss: teamId, iat: nowSeconds })}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: createPrivateKey(privateKeyPem), dsaEncoding: 'ieee-p1363' });
  return {
    url: `${targets.apnsUrl}/3/device/${randomBytes(32).toString('hex')}`,
    headers: { authorization: `bearer ${signingInput}.${signature.toString('base64url')}`, 'apns-topic': topic, 'apns-push-type': 'alert', 'apns-priority': '10' },
    body: Buffer.from(JSON.stringify({ aps: { alert: { title: 'Load', body: 'test' } } })),
  };
}

/** A valid encrypted push to a fresh fake subscription, with VAPID for the dev key pair. */
export async function webpushLoadRequest(targets: LoadTargets, credentials: DevCredentials, control: FakeControl): Promise<LoadRequest> {
  const subscription = await control.createWebPushSubscription();
  const details = webpush.generateRequestDetails(subscription, JSON.stringify({ title: 'Load', body: 'test' }), {
    vapidDetails: credentials.vapid,
    TTL: 60,
  });
  return {
    url: subscription.endpoint,
    headers: Object.fromEntries(Object.entries(details.headers).map(([name, value]) => [name.toLowerCase(), String(value)])),
    body: Buffer.from(details.body ?? ''),
  };
}
