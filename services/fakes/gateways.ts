import { createPublicKey, randomBytes } from 'node:crypto';
import { createApnsHandler, newApnsConnectionState, type ApnsConnectionState } from './apns/apns-handler';
import { DEFAULT_APNS_JWT_POLICY, type ApnsJwtPolicy, type ApnsKey } from './apns/apns-jwt';
import { APNS_MAX_VOIP_PAYLOAD_BYTES } from './apns/apns-validate';
import { createLocalExecutor } from './control-executor';
import { ensureDevCredentials, DEFAULT_DEV_CREDENTIALS_DIR, type DevCredentials } from './dev-credentials';
import type { FcmAuthConfig } from './fcm/fcm-auth';
import { createFcmHandler, FCM_MAX_REQUEST_BYTES } from './fcm/fcm-handler';
import { BehaviourBook } from './shared/behaviour-book';
import type { ControlExecutor } from './shared/control-commands';
import { createControlFacade, type FakeControl } from './shared/control-facade';
import { handleControlRequest } from './shared/control-http';
import { startH2Server, type RunningH2Server } from './shared/h2-adapter';
import { DEFAULT_INSPECTION_LIMITS, InspectionStore } from './shared/inspection-store';
import type { Provider } from './shared/provider';
import { ensureTlsMaterial } from './shared/tls-ca';
import { createWebPushHandler } from './webpush/webpush-handler';
import { SubscriptionRegistry } from './webpush/webpush-subscriptions';
import { WEBPUSH_MAX_BODY_BYTES } from './webpush/webpush-validate';

export const DEFAULT_TLS_DIR = '.herald/tls';

export interface ApnsKeyConfig {
  keyId: string;
  teamId: string;
  /** The key's public half (SPKI PEM), or the .p8 private key itself. */
  keyPem: string;
  topics?: readonly string[];
}

export interface FakeGatewaysOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Host name put in the URLs (default: host, or 127.0.0.1 when host is a wildcard). */
  publicHost?: string;
  /** Ports per provider; 0 = ephemeral (the default). */
  ports?: Partial<Record<Provider, number>>;
  /** Where the local CA and server certificate live (created once; default .herald/tls). */
  tlsDir?: string;
  /** Capture full requests per token (default true); counters are kept either way. */
  capture?: boolean;
  /** Bounds of the capture: entries in total and per token. */
  captureLimits?: { maxEntries?: number; maxPerToken?: number };
  /** Dev credentials (accepted in addition to `auth`); false to accept only `auth`. */
  devCredentialsDir?: string | false;
  auth?: {
    fcm?: FcmAuthConfig;
    apns?: { keys?: readonly ApnsKeyConfig[]; policy?: Partial<ApnsJwtPolicy>; authenticatedMaxConcurrentStreams?: number };
    webpush?: { requireVapid?: boolean };
  };
  /** Epoch ms; tests pass their own to move time. */
  clock?: () => number;
  /** Values in [0, 1) for error rates and latency draws. */
  random?: () => number;
  /** Replaces the executor the control API uses (cluster workers forward to the primary). */
  wrapControl?: (local: ControlExecutor) => ControlExecutor;
  onError?: (error: unknown) => void;
}

export interface FakeGateways extends FakeControl {
  fcmUrl: string;
  apnsUrl: string;
  webpushUrl: string;
  ports: Record<Provider, number>;
  caCertPem: string;
  caCertPath: string;
  /** What the fakes accept out of the box (null when devCredentialsDir is false). */
  credentials: DevCredentials | null;
  /** Runs a raw control command as the control API does (in a cluster worker: in every worker). */
  execute: ControlExecutor;
  /** Runs a raw control command in this process only. */
  executeHere: ControlExecutor;
  close(): Promise<void>;
}

/** FCM streams per connection [F11], APNs streams after the first authenticated push [A6]. */
const FCM_MAX_CONCURRENT_STREAMS = 100;
const APNS_AUTHENTICATED_MAX_CONCURRENT_STREAMS = 500;
const WEBPUSH_MAX_CONCURRENT_STREAMS = 100;

/** Starts the three fakes in this process, each on its own port, sharing one script and store. */
export async function startFakeGateways(options: FakeGatewaysOptions = {}): Promise<FakeGateways> {
  const host = options.host ?? '127.0.0.1';
  const publicHost = options.publicHost ?? (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host);
  const clock = options.clock ?? Date.now;
  const random = options.random ?? Math.random;
  const tls = ensureTlsMaterial(options.tlsDir ?? DEFAULT_TLS_DIR);
  const credentials = options.devCredentialsDir === false ? null : ensureDevCredentials(options.devCredentialsDir ?? DEFAULT_DEV_CREDENTIALS_DIR);
  const behaviour = new BehaviourBook(clock, random);
  const store = new InspectionStore({ ...DEFAULT_INSPECTION_LIMITS, ...options.captureLimits, capture: options.capture ?? true });
  const subscriptions = new SubscriptionRegistry();
  const servers: Partial<Record<Provider, RunningH2Server>> = {};
  const urlOf = (port: number): string => `https://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${port}`;

  const local = createLocalExecutor({
    behaviour,
    store,
    subscriptions,
    webpushBaseUrl: () => urlOf(servers.webpush?.port ?? 0),
    goaway: (provider, reason) => servers[provider]?.goaway(Buffer.from(JSON.stringify({ reason }))),
  });
  const execute = options.wrapControl ? options.wrapControl(local) : local;
  const control = (request: Parameters<typeof handleControlRequest>[0]): ReturnType<typeof handleControlRequest> => handleControlRequest(request, execute);
  const common = { host, keyPem: tls.keyPem, certPem: tls.certPem, control, ...(options.onError ? { onError: options.onError } : {}) };

  try {
    servers.fcm = await startH2Server<unknown>({
      ...common,
      port: options.ports?.fcm ?? 0,
      allowHTTP1: true,
      initialMaxConcurrentStreams: FCM_MAX_CONCURRENT_STREAMS,
      maxBodyBytes: FCM_MAX_REQUEST_BYTES,
      newConnectionState: () => undefined,
      latencyMs: () => behaviour.latencyMs('fcm'),
      handler: createFcmHandler({
        auth: fcmAuth(options.auth?.fcm, credentials),
        behaviour,
        store,
        clock,
        newMessageId: messageIds(clock),
      }),
    });
    servers.apns = await startH2Server<ApnsConnectionState>({
      ...common,
      port: options.ports?.apns ?? 0,
      allowHTTP1: false,
      initialMaxConcurrentStreams: 1,
      maxBodyBytes: APNS_MAX_VOIP_PAYLOAD_BYTES,
      newConnectionState: newApnsConnectionState,
      latencyMs: () => behaviour.latencyMs('apns'),
      handler: createApnsHandler({
        keys: apnsKeys(options.auth?.apns?.keys ?? [], credentials),
        policy: { ...DEFAULT_APNS_JWT_POLICY, ...options.auth?.apns?.policy },
        authenticatedMaxConcurrentStreams: options.auth?.apns?.authenticatedMaxConcurrentStreams ?? APNS_AUTHENTICATED_MAX_CONCURRENT_STREAMS,
        behaviour,
        store,
        clock,
      }),
    });
    servers.webpush = await startH2Server<unknown>({
      ...common,
      port: options.ports?.webpush ?? 0,
      allowHTTP1: true,
      initialMaxConcurrentStreams: WEBPUSH_MAX_CONCURRENT_STREAMS,
      maxBodyBytes: WEBPUSH_MAX_BODY_BYTES,
      newConnectionState: () => undefined,
      latencyMs: () => behaviour.latencyMs('webpush'),
      handler: createWebPushHandler({
        requireVapid: options.auth?.webpush?.requireVapid ?? true,
        origin: () => urlOf(servers.webpush?.port ?? 0),
        subscriptions,
        behaviour,
        store,
        clock,
      }),
    });
  } catch (error) {
    await Promise.all(Object.values(servers).map((server) => server.close()));
    throw error;
  }
  const { fcm, apns, webpush } = servers as Record<Provider, RunningH2Server>;
  return {
    ...createControlFacade(execute),
    fcmUrl: urlOf(fcm.port),
    apnsUrl: urlOf(apns.port),
    webpushUrl: urlOf(webpush.port),
    ports: { fcm: fcm.port, apns: apns.port, webpush: webpush.port },
    caCertPem: tls.caCertPem,
    caCertPath: tls.caCertPath,
    credentials,
    execute,
    executeHere: local,
    close: async () => {
      await Promise.all([fcm.close(), apns.close(), webpush.close()]);
    },
  };
}

function fcmAuth(given: FcmAuthConfig | undefined, credentials: DevCredentials | null): FcmAuthConfig {
  const accepted = [...(given?.acceptedTokens ?? []), ...(credentials ? [credentials.fcm.accessToken] : [])];
  return { ...given, acceptedTokens: accepted };
}

function apnsKeys(given: readonly ApnsKeyConfig[], credentials: DevCredentials | null): Map<string, ApnsKey> {
  const all = [...given];
  if (credentials) {
    all.push({ keyId: credentials.apns.keyId, teamId: credentials.apns.teamId, keyPem: credentials.apns.publicKeyPem });
  }
  return new Map(
    all.map((key) => [
      key.keyId,
      {
        keyId: key.keyId,
        teamId: key.teamId,
        publicKey: createPublicKey(key.keyPem),
        ...(key.topics ? { topics: key.topics } : {}),
      },
    ]),
  );
}

/** Ids shaped like FCM's `0:1612788010922733%7606eb247606eb24`: time in µs, then a per-process hex tag. */
function messageIds(clock: () => number): () => string {
  const tag = randomBytes(8).toString('hex');
  let sequence = 0;
  return () => `0:${clock() * 1000 + (sequence++ % 1000)}%${tag}`;
}
