import { ZodError } from 'zod';
import { controlCommandSchema, type ControlExecutor } from './control-commands';
import { jsonResponse, type FakeRequest, type FakeResponse } from './fake-http';

export const CONTROL_PREFIX = '/__control/';

/**
 * The control API: `POST /__control/{kind}` with the command's fields as a JSON body (GET allowed
 * for `counters`); answers the command's reply as JSON, 400 with the zod issues on bad input.
 */
export async function handleControlRequest(request: FakeRequest<unknown>, execute: ControlExecutor): Promise<FakeResponse> {
  const kind = request.path.slice(CONTROL_PREFIX.length);
  if (request.method !== 'POST' && !(request.method === 'GET' && kind === 'counters')) {
    return jsonResponse(405, { error: 'use POST' }, { allow: 'POST' });
  }
  let fields: unknown = {};
  if (request.body.length > 0) {
    try {
      fields = JSON.parse(request.body.toString('utf8'));
    } catch {
      return jsonResponse(400, { error: 'body must be JSON' });
    }
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return jsonResponse(400, { error: 'body must be a JSON object' });
  let command: Parameters<ControlExecutor>[0];
  try {
    // Checked here too, so a bad command is a 400 whichever executor (local, cluster) runs it.
    controlCommandSchema.parse({ ...(fields as Record<string, unknown>), kind });
    command = { ...(fields as Record<string, unknown>), kind } as Parameters<ControlExecutor>[0];
  } catch (error) {
    if (error instanceof ZodError) return jsonResponse(400, { error: 'invalid command', issues: error.issues });
    throw error;
  }
  return jsonResponse(200, await execute(command));
}
