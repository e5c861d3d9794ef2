import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { dbSymbol } from '../../shared/contracts/messages';
import { ApiError, notFound, validationError } from '../api-errors';
import { ERROR_RESPONSES, UserParams, ApiErrorSchema } from '../schemas/common-schemas';
import {
  DeviceList,
  DeviceListQuery,
  DeviceParams,
  RegisterDeviceBody,
  RegisterDeviceReply,
  type DeviceView,
} from '../schemas/device-schemas';
import type { DeviceRecord, DeviceStore } from '../stores/device-store';
import { parseRegistration } from '../validation/device-registration';
import { maskDeviceToken, maskEndpoint } from '../validation/device-tokens';

// App-facing device registration: users (JWT) manage their own devices; app backends use API keys
// with devices:read / devices:write for any user.

export interface DeviceRouteDeps {
  readonly devices: DeviceStore;
  readonly clock: () => Date;
  readonly registrationRate: { readonly max: number; readonly windowMs: number };
}

export function deviceView(device: DeviceRecord): DeviceView {
  return {
    device_id: device.deviceId,
    user_id: device.userId,
    app: device.app,
    platform: device.platform,
    provider: device.provider,
    token_masked: device.provider === 'WEBPUSH' ? maskEndpoint(device.token) : maskDeviceToken(device.token),
    apns_environment: device.apnsEnvironment,
    locale: device.locale,
    time_zone: device.timeZone,
    app_version: device.appVersion,
    active: device.active,
    deactivation_reason: device.deactivationReason,
    created_at: device.createdAt.toISOString(),
    last_seen_at: device.lastSeenAt.toISOString(),
  };
}

/** Per user (the path's user id); the client IP only when no user id is known. */
function registrationRateLimit(rate: DeviceRouteDeps['registrationRate']): RateLimitOptions {
  return {
    max: rate.max,
    timeWindow: rate.windowMs,
    hook: 'preHandler',
    keyGenerator: (request: FastifyRequest) => {
      const userId = (request.params as { userId?: unknown }).userId;
      return typeof userId === 'string' ? `device-registration:user:${userId}` : `device-registration:ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) =>
      new ApiError('RATE_LIMITED', `too many device registrations for this user; retry in ${context.after}`),
  };
}

const tags = ['devices'];
const security = [{ bearer: [] }];

export function registerDeviceRoutes(app: FastifyInstance, deps: DeviceRouteDeps): void {
  app.post<{ Params: { userId: string }; Body: RegisterDeviceBody }>(
    '/v1/users/:userId/devices',
    {
      config: { access: { kind: 'self-or-service', scope: 'devices:write' }, rateLimit: registrationRateLimit(deps.registrationRate) },
      schema: {
        tags,
        security,
        summary: 'Register or refresh a device (idempotent; device_id rotates its token)',
        params: UserParams,
        body: RegisterDeviceBody,
        response: { 200: RegisterDeviceReply, 201: RegisterDeviceReply, ...ERROR_RESPONSES, 404: ApiErrorSchema, 429: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const parsed = parseRegistration(request.params.userId, request.body);
      if (!parsed.ok) throw validationError(parsed.problems);
      const result = await deps.devices.register(parsed.value, deps.clock());
      if (!result.ok) throw notFound(`device ${parsed.value.rotateDeviceId ?? ''} of this user, app and provider`);
      request.log.info(
        { userId: parsed.value.userId, deviceId: result.device.deviceId, provider: dbSymbol(parsed.value.provider), outcome: result.outcome },
        'device registered',
      );
      return reply.code(result.outcome === 'created' ? 201 : 200).send({ device: deviceView(result.device), outcome: result.outcome });
    },
  );

  app.get<{ Params: { userId: string }; Querystring: { app?: string; include_inactive: boolean } }>(
    '/v1/users/:userId/devices',
    {
      config: { access: { kind: 'self-or-service', scope: 'devices:read' } },
      schema: {
        tags,
        security,
        summary: "List a user's devices (tokens masked)",
        params: UserParams,
        querystring: DeviceListQuery,
        response: { 200: DeviceList, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const devices = await deps.devices.list(request.params.userId, {
        app: request.query.app ?? null,
        includeInactive: request.query.include_inactive,
      });
      return { devices: devices.map(deviceView) };
    },
  );

  app.delete<{ Params: { userId: string; deviceId: string } }>(
    '/v1/users/:userId/devices/:deviceId',
    {
      config: { access: { kind: 'self-or-service', scope: 'devices:write' } },
      schema: {
        tags,
        security,
        summary: 'Unregister a device',
        params: DeviceParams,
        response: { ...ERROR_RESPONSES, 404: ApiErrorSchema },
      },
    },
    async (request, reply) => {
      const removed = await deps.devices.remove(request.params.userId, request.params.deviceId);
      if (!removed) throw notFound('device');
      return reply.code(204).send();
    },
  );
}
