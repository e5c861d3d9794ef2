import { createPrivateKey, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as webpush from 'web-push';
import { ensureDevCredentials } from './dev-credentials';

describe('ensureDevCredentials', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-creds-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes an APNs .p8 key, VAPID keys and an FCM token + service account, and reuses them', () => {
    const dir = path.join(root, 'dev');
    const credentials = ensureDevCredentials(dir);
    expect(credentials.apns.keyId).toMatch(/^[A-Z0-9]{10}$/);
    expect(credentials.apns.teamId).toMatch(/^[A-Z0-9]{10}$/);
    expect(path.basename(credentials.apns.keyPath)).toBe(`AuthKey_${credentials.apns.keyId}.p8`);
    const key = createPrivateKey(fs.readFileSync(credentials.apns.keyPath));
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(createPublicKey(key).export({ type: 'spki', format: 'pem' })).toBe(credentials.apns.publicKeyPem);
    expect(() => webpush.setVapidDetails(credentials.vapid.subject, credentials.vapid.publicKey, credentials.vapid.privateKey)).not.toThrow();
    const serviceAccount = JSON.parse(fs.readFileSync(credentials.fcm.serviceAccountPath, 'utf8')) as Record<string, string>;
    expect(serviceAccount).toMatchObject({ type: 'service_account', project_id: credentials.fcm.projectId });
    expect(createPrivateKey(serviceAccount.private_key!).asymmetricKeyType).toBe('rsa');
    expect(fs.readFileSync(path.join(dir, 'fcm', 'access-token'), 'utf8').trim()).toBe(credentials.fcm.accessToken);
    expect(ensureDevCredentials(dir)).toEqual(credentials);
  });
});
