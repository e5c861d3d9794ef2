import type { FakesConfig } from './config';
import type { FakeGatewaysOptions } from './gateways';
import type { FakesScript } from './script-file';

/** Start options for startFakeGateways from the process config and an optional script file. Pure. */
export function gatewayOptionsFromConfig(config: FakesConfig, script: FakesScript | undefined): FakeGatewaysOptions {
  const scripted = script?.auth ?? {};
  return {
    host: config.host,
    ...(config.publicHost ? { publicHost: config.publicHost } : {}),
    ports: { ...config.ports },
    tlsDir: config.tlsDir,
    devCredentialsDir: config.devCredentialsDir,
    capture: config.capture,
    captureLimits: { maxEntries: config.captureMaxEntries, maxPerToken: config.captureMaxPerToken },
    auth: {
      fcm: {
        ...scripted.fcm,
        acceptedTokens: [...config.fcmAcceptedTokens, ...(scripted.fcm?.acceptedTokens ?? [])],
        ...(config.fcmProjects || scripted.fcm?.projects ? { projects: [...(config.fcmProjects ?? []), ...(scripted.fcm?.projects ?? [])] } : {}),
      },
      apns: {
        keys: scripted.apns?.keys ?? [],
        policy: { minRefreshIntervalSeconds: config.apnsTokenRefreshMinSeconds, ...scripted.apns?.policy },
        authenticatedMaxConcurrentStreams: config.apnsMaxStreams,
      },
      webpush: { requireVapid: scripted.webpush?.requireVapid ?? config.webpushRequireVapid },
    },
  };
}
