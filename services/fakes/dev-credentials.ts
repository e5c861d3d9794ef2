import { createECDH, generateKeyPairSync, randomBytes, createPrivateKey, createPublicKey } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDirOnce } from './shared/atomic-dir';

export const DEFAULT_DEV_CREDENTIALS_DIR = '.herald/dev-credentials';
const MANIFEST = 'credentials.json';

/** Local credentials that senders (in `npm start`) and the fakes both read, so they agree. */
export interface DevCredentials {
  dir: string;
  apns: {
    keyId: string;
    teamId: string;
    /** Bundle id used as apns-topic locally. */
    topic: string;
    /** The .p8 file (PKCS#8 PEM), as Apple hands it out. */
    keyPath: string;
    privateKeyPem: string;
    publicKeyPem: string;
  };
  vapid: {
    /** base64url uncompressed P-256 public key (the applicationServerKey). */
    publicKey: string;
    /** base64url 32-byte private scalar (the format web-push's generateVAPIDKeys uses). */
    privateKey: string;
    subject: string;
  };
  fcm: {
    projectId: string;
    /** OAuth2 access token the fake FCM accepts as `Authorization: Bearer`. */
    accessToken: string;
    /** A service-account JSON with a real RSA key (client_email, private_key, project_id...). */
    serviceAccountPath: string;
  };
}

interface Manifest {
  apns: { keyId: string; teamId: string; topic: string; keyFile: string; publicKeyFile: string };
  vapid: { publicKey: string; privateKey: string; subject: string };
  fcm: { projectId: string; accessToken: string; serviceAccountFile: string; accessTokenFile: string };
}

/** Creates the dev credentials in `dir` once (race-safe), then reads them. */
export function ensureDevCredentials(dir: string = DEFAULT_DEV_CREDENTIALS_DIR): DevCredentials {
  ensureDirOnce(dir, MANIFEST, (tmp) => generate(tmp, path.resolve(dir)));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
  const at = (file: string): string => path.resolve(dir, file);
  return {
    dir: path.resolve(dir),
    apns: {
      keyId: manifest.apns.keyId,
      teamId: manifest.apns.teamId,
      topic: manifest.apns.topic,
      keyPath: at(manifest.apns.keyFile),
      privateKeyPem: fs.readFileSync(at(manifest.apns.keyFile), 'utf8'),
      publicKeyPem: fs.readFileSync(at(manifest.apns.publicKeyFile), 'utf8'),
    },
    vapid: manifest.vapid,
    fcm: {
      projectId: manifest.fcm.projectId,
      accessToken: manifest.fcm.accessToken,
      serviceAccountPath: at(manifest.fcm.serviceAccountFile),
    },
  };
}

/** Apple's Key and Team IDs are 10 upper-case alphanumerics. */
function appleId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

function generate(dir: string, finalDir: string): void {
  fs.mkdirSync(path.join(dir, 'apns'));
  fs.mkdirSync(path.join(dir, 'vapid'));
  fs.mkdirSync(path.join(dir, 'fcm'));

  const keyId = appleId();
  const apnsKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const keyFile = `apns/AuthKey_${keyId}.p8`;
  const publicKeyFile = `apns/AuthKey_${keyId}.pub.pem`;
  fs.writeFileSync(path.join(dir, keyFile), apnsKey.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, publicKeyFile), apnsKey.publicKey.export({ type: 'spki', format: 'pem' }));

  const vapid = createECDH('prime256v1');
  vapid.generateKeys();
  const vapidJson = {
    publicKey: vapid.getPublicKey().toString('base64url'),
    privateKey: vapid.getPrivateKey().toString('base64url'),
    subject: 'mailto:dev@herald.invalid',
  };
  fs.writeFileSync(path.join(dir, 'vapid/vapid.json'), `${JSON.stringify(vapidJson, null, 2)}\n`, { mode: 0o600 });

  const projectId = 'herald-dev';
  const accessToken = `ya29.herald-dev-${randomBytes(24).toString('base64url')}`;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serviceAccount = {
    type: 'service_account',
    project_id: projectId,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    client_email: `herald-dev@${projectId}.iam.gserviceaccount.com`,
    client_id: String(BigInt(`0x${randomBytes(8).toString('hex')}`)),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
  fs.writeFileSync(path.join(dir, 'fcm/service-account.json'), `${JSON.stringify(serviceAccount, null, 2)}\n`, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'fcm/access-token'), `${accessToken}\n`, { mode: 0o600 });

  const manifest: Manifest = {
    apns: { keyId, teamId: appleId(), topic: 'dev.herald.app', keyFile, publicKeyFile },
    vapid: vapidJson,
    fcm: { projectId, accessToken, serviceAccountFile: 'fcm/service-account.json', accessTokenFile: 'fcm/access-token' },
  };
  // The sender's settings for these credentials, ready to source (absolute paths).
  const env = [
    `FCM_PROJECT_ID=${projectId}`,
    `FCM_ACCESS_TOKEN=${accessToken}`,
    `FCM_CREDENTIALS_FILE=${path.join(finalDir, 'fcm/service-account.json')}`,
    `APNS_KEY_FILE=${path.join(finalDir, keyFile)}`,
    `APNS_KEY_ID=${keyId}`,
    `APNS_TEAM_ID=${manifest.apns.teamId}`,
    `APNS_TOPIC=${manifest.apns.topic}`,
    `VAPID_PUBLIC_KEY=${vapidJson.publicKey}`,
    `VAPID_PRIVATE_KEY=${vapidJson.privateKey}`,
    `VAPID_SUBJECT=${vapidJson.subject}`,
  ];
  fs.writeFileSync(path.join(dir, 'herald.env'), `${env.join('\n')}\n`, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
}

/** The APNs public key from a .p8 private key or a public key PEM. */
export function apnsPublicKeyPem(pem: string): string {
  const key = pem.includes('PRIVATE KEY') ? createPublicKey(createPrivateKey(pem)) : createPublicKey(pem);
  return key.export({ type: 'spki', format: 'pem' }).toString();
}
