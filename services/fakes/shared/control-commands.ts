import { z } from 'zod';
import type { Counters, ReceivedPush } from './inspection-store';
import { isTokenStateOf, PROVIDERS } from './provider';

const provider = z.enum(PROVIDERS);
const token = z.string().min(1);

const latencySpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), ms: z.number().min(0) }),
  z.object({ kind: z.literal('uniform'), minMs: z.number().min(0), maxMs: z.number().min(0) }),
  z.object({ kind: z.literal('normal'), meanMs: z.number().min(0), stddevMs: z.number().min(0) }),
]);

const storedSubscription = z.object({
  id: z.string().min(1),
  privateKey: z.string().min(1),
  publicKey: z.string().min(1),
  auth: z.string().min(1),
  applicationServerKey: z.string().optional(),
});

/** Every scripting and inspection command, as JSON (the control API body plus `kind`). */
export const controlCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('markDead'), provider, token }),
  z
    .object({ kind: z.literal('setTokenState'), provider, token, state: z.string().nullable() })
    .refine((c) => c.state === null || isTokenStateOf(c.provider, c.state), { message: 'state is not a token state of this provider', path: ['state'] }),
  z.object({ kind: z.literal('throttle'), provider, durationMs: z.number().int().positive(), token: token.optional() }),
  z.object({
    kind: z.literal('setQuota'),
    provider,
    scope: z.string().min(1).default('*'),
    limit: z.number().int().positive(),
    windowMs: z.number().int().positive(),
  }),
  z.object({ kind: z.literal('clearQuota'), provider, scope: z.string().min(1).default('*') }),
  z.object({
    kind: z.literal('setErrorRate'),
    provider,
    rate: z.number().min(0).max(1),
    status: z.union([z.literal(500), z.literal(503)]).default(503),
    retryAfterSeconds: z.number().int().min(0).default(1),
  }),
  z.object({ kind: z.literal('setLatency'), provider, latency: latencySpec.nullable() }),
  z.object({ kind: z.literal('setCapture'), enabled: z.boolean() }),
  z.object({ kind: z.literal('reset'), provider: provider.optional() }),
  z.object({ kind: z.literal('received'), provider, token }),
  z.object({ kind: z.literal('counters') }),
  z.object({ kind: z.literal('createWebPushSubscription'), applicationServerKey: z.string().min(1).optional() }),
  z.object({ kind: z.literal('addWebPushSubscription'), subscription: storedSubscription }),
  z.object({ kind: z.literal('goaway'), provider, reason: z.string().default('Shutdown') }),
]);

export type ControlCommand = z.output<typeof controlCommandSchema>;
export type ControlCommandInput = z.input<typeof controlCommandSchema>;
export type ControlKind = ControlCommand['kind'];

export interface Ok {
  ok: true;
}

export interface ControlReplies {
  markDead: Ok;
  setTokenState: Ok;
  throttle: Ok;
  setQuota: Ok;
  clearQuota: Ok;
  setErrorRate: Ok;
  setLatency: Ok;
  setCapture: Ok;
  reset: Ok;
  received: { received: ReceivedPush[] };
  counters: { counters: Counters };
  createWebPushSubscription: { subscription: { endpoint: string; expirationTime: null; keys: { p256dh: string; auth: string } } };
  addWebPushSubscription: Ok;
  goaway: Ok;
}

export type ControlReply = ControlReplies[ControlKind];

/** Runs one command somewhere (this process, all cluster workers, a remote fake over HTTP). */
export type ControlExecutor = <K extends ControlKind>(command: Extract<ControlCommandInput, { kind: K }>) => Promise<ControlReplies[K]>;
