import type { FastifyInstance } from 'fastify';
import { validationError } from '../api-errors';
import { ERROR_RESPONSES, UserParams } from '../schemas/common-schemas';
import {
  PatchPreferencesBody,
  PreferencesView,
  ReplacePreferencesBody,
  type PreferencesView as PreferencesViewType,
} from '../schemas/preference-schemas';
import type { PreferenceStore, PreferencesRecord } from '../stores/preference-store';
import { parsePatchPreferences, parseReplacePreferences } from '../validation/preferences-input';

export interface PreferenceRouteDeps {
  readonly preferences: PreferenceStore;
  readonly clock: () => Date;
}

export function preferencesView(record: PreferencesRecord): PreferencesViewType {
  return {
    user_id: record.userId,
    push_enabled: record.pushEnabled,
    opted_out: record.optedOut,
    category_opt_outs: [...record.categoryOptOuts],
    muted_thread_keys: [...record.mutedThreadKeys],
    quiet_hours:
      record.quietHours === null
        ? null
        : { start: record.quietHours.start, end: record.quietHours.end, time_zone: record.quietHours.timeZone },
    updated_at: record.updatedAt?.toISOString() ?? null,
  };
}

const tags = ['preferences'];
const security = [{ bearer: [] }];
const path = '/v1/users/:userId/preferences';

export function registerPreferenceRoutes(app: FastifyInstance, deps: PreferenceRouteDeps): void {
  app.get<{ Params: { userId: string } }>(
    path,
    {
      config: { access: { kind: 'self-or-service', scope: 'devices:read' } },
      schema: { tags, security, summary: "A user's notification preferences", params: UserParams, response: { 200: PreferencesView, ...ERROR_RESPONSES } },
    },
    async (request) => preferencesView(await deps.preferences.get(request.params.userId)),
  );

  app.put<{ Params: { userId: string }; Body: ReplacePreferencesBody }>(
    path,
    {
      config: { access: { kind: 'self-or-service', scope: 'devices:write' } },
      schema: {
        tags,
        security,
        summary: 'Replace preferences (missing fields take their defaults)',
        params: UserParams,
        body: ReplacePreferencesBody,
        response: { 200: PreferencesView, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const parsed = parseReplacePreferences(request.body);
      if (!parsed.ok) throw validationError(parsed.problems);
      return preferencesView(await deps.preferences.replace(request.params.userId, parsed.value, deps.clock()));
    },
  );

  app.patch<{ Params: { userId: string }; Body: PatchPreferencesBody }>(
    path,
    {
      config: { access: { kind: 'self-or-service', scope: 'devices:write' } },
      schema: {
        tags,
        security,
        summary: 'Change some preferences (arrays are replaced whole; quiet_hours null clears them)',
        params: UserParams,
        body: PatchPreferencesBody,
        response: { 200: PreferencesView, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const parsed = parsePatchPreferences(request.body);
      if (!parsed.ok) throw validationError(parsed.problems);
      return preferencesView(await deps.preferences.patch(request.params.userId, parsed.value, deps.clock()));
    },
  );
}
