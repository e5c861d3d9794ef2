// API-key scopes. A key carries one or more; `admin` grants every scope. User JWTs carry no scopes:
// they reach only the app-facing device and preference endpoints, and only for their own user id.

import { API_KEY_SCOPES } from '../../shared/auth/api-key-store';

export const SCOPES = API_KEY_SCOPES;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Readonly<Record<Scope, string>> = {
  'devices:read': "Read any user's devices and preferences (app backends, support tools).",
  'devices:write': "Register, refresh and remove any user's devices; replace and patch preferences.",
  send: 'Send transactional notifications.',
  broadcast: 'Create, follow and cancel broadcasts.',
  'receipts:read': 'Read delivery receipts by event or by user.',
  admin: 'Everything, including dead letters (inspect, replay, discard).',
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** True when a key holding `granted` may use an endpoint that requires `required`. */
export function scopeAllows(granted: readonly Scope[], required: Scope): boolean {
  return granted.includes('admin') || granted.includes(required);
}
