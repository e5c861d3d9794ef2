import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { seg, type CliContext } from '../context';
import { parseJsonOption } from '../option-parsers';
import { keyValues, table } from '../output';

interface DeviceView {
  device_id: string;
  app: string;
  platform: string;
  provider: string;
  token_masked: string;
  active: boolean;
  last_seen_at: string;
  [key: string]: unknown;
}

interface AddOptions {
  platform: string;
  provider?: string;
  token?: string;
  subscription?: string;
  app?: string;
  locale?: string;
  timeZone?: string;
  apnsEnvironment?: string;
  appVersion?: string;
  deviceId?: string;
}

export function registerDeviceCommands(program: Command, ctx: CliContext): void {
  const devices = program.command('devices').description("register, list and remove a user's devices");

  devices
    .command('add <userId>')
    .description('register or refresh a device (idempotent; --device-id rotates that device to the new token)')
    .requiredOption('--platform <platform>', 'ANDROID, IOS or WEB')
    .option('--provider <provider>', 'FCM, APNS or WEBPUSH (default from the platform)')
    .option('--token <token>', 'FCM registration token or APNs hex token')
    .option('--subscription <json>', 'Web Push subscription JSON (PushSubscription.toJSON()), or @file')
    .option('--app <app>', 'application (default "default")')
    .option('--locale <locale>', 'BCP 47 locale, e.g. de-AT')
    .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/Vienna')
    .option('--apns-environment <env>', 'SANDBOX or PRODUCTION (APNs only)')
    .option('--app-version <version>', 'app version')
    .option('--device-id <id>', 'device whose token this one replaces (token rotation)')
    .action(async (userId: string, o: AddOptions, command: Command) => {
      const body = {
        platform: o.platform.toUpperCase(),
        ...(o.provider ? { provider: o.provider.toUpperCase() } : {}),
        ...(o.token ? { token: o.token } : {}),
        ...(o.subscription ? { subscription: parseJsonOption('--subscription', o.subscription, (p) => readFileSync(p, 'utf8')) } : {}),
        ...(o.app ? { app: o.app } : {}),
        ...(o.locale ? { locale: o.locale } : {}),
        ...(o.timeZone ? { time_zone: o.timeZone } : {}),
        ...(o.apnsEnvironment ? { apns_environment: o.apnsEnvironment.toUpperCase() } : {}),
        ...(o.appVersion ? { app_version: o.appVersion } : {}),
        ...(o.deviceId ? { device_id: o.deviceId } : {}),
      };
      const reply = await ctx.api().post<{ device: DeviceView; outcome: string }>(`/v1/users/${seg(userId)}/devices`, body);
      ctx.out(command).result(reply, (r) => `${r.outcome} device ${r.device.device_id}\n${keyValues(r.device)}`);
    });

  devices
    .command('ls <userId>')
    .description("list a user's devices (tokens masked)")
    .option('--app <app>', 'only this application')
    .option('--all', 'include inactive devices')
    .action(async (userId: string, o: { app?: string; all?: boolean }, command: Command) => {
      const query = new URLSearchParams({ ...(o.app ? { app: o.app } : {}), ...(o.all ? { include_inactive: 'true' } : {}) });
      const reply = await ctx.api().get<{ devices: DeviceView[] }>(`/v1/users/${seg(userId)}/devices?${query.toString()}`);
      ctx.out(command).result(reply, (r) =>
        table(r.devices, ['device_id', 'app', 'platform', 'provider', 'token_masked', 'active', 'last_seen_at']),
      );
    });

  devices
    .command('rm <userId> <deviceId>')
    .description('unregister a device')
    .action(async (userId: string, deviceId: string, _o: unknown, command: Command) => {
      await ctx.api().delete(`/v1/users/${seg(userId)}/devices/${seg(deviceId)}`);
      ctx.out(command).result({ removed: deviceId }, () => `removed device ${deviceId}`);
    });
}
