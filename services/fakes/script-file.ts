import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { FakeGatewaysOptions } from './gateways';
import { controlCommandSchema, type ControlCommandInput } from './shared/control-commands';

const scriptSchema = z.object({
  auth: z
    .object({
      fcm: z.object({ acceptedTokens: z.array(z.string()).default([]), expiredTokens: z.array(z.string()).optional(), projects: z.array(z.string()).optional() }).optional(),
      apns: z
        .object({
          keys: z
            .array(
              z
                .object({ keyId: z.string(), teamId: z.string(), keyPem: z.string().optional(), keyPath: z.string().optional(), topics: z.array(z.string()).optional() })
                .refine((k) => k.keyPem !== undefined || k.keyPath !== undefined, { message: 'give keyPem or keyPath' }),
            )
            .default([]),
          policy: z.object({ maxAgeSeconds: z.number().optional(), minRefreshIntervalSeconds: z.number().optional(), maxClockSkewSeconds: z.number().optional() }).optional(),
        })
        .optional(),
      webpush: z.object({ requireVapid: z.boolean().optional() }).optional(),
    })
    .default({}),
  commands: z.array(controlCommandSchema).default([]),
});

export interface FakesScript {
  auth: NonNullable<FakeGatewaysOptions['auth']>;
  /** Applied in order when the fakes start (in every worker). */
  commands: ControlCommandInput[];
}

/**
 * Reads a script file: `{"auth": {...}, "commands": [{"kind": "markDead", ...}, ...]}`. APNs key paths
 * are relative to the file.
 */
export function loadScriptFile(file: string): FakesScript {
  const parsed = scriptSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  const dir = path.dirname(path.resolve(file));
  const apns = parsed.auth.apns;
  const policy = Object.fromEntries(Object.entries(apns?.policy ?? {}).filter(([, v]) => v !== undefined)) as Record<string, number>;
  return {
    auth: {
      ...(parsed.auth.fcm ? { fcm: parsed.auth.fcm } : {}),
      ...(apns
        ? {
            apns: {
              keys: apns.keys.map((k) => ({
                keyId: k.keyId,
                teamId: k.teamId,
                keyPem: k.keyPem ?? fs.readFileSync(path.resolve(dir, k.keyPath!), 'utf8'),
                ...(k.topics ? { topics: k.topics } : {}),
              })),
              policy,
            },
          }
        : {}),
      ...(parsed.auth.webpush?.requireVapid === undefined ? {} : { webpush: { requireVapid: parsed.auth.webpush.requireVapid } }),
    },
    commands: parsed.commands,
  };
}
