import { ApiError } from '../api-errors';
import type { IdempotencyStore, Work } from '../stores/idempotency-store';
import { requestHash } from '../stores/idempotency-store';

// Runs a publishing request at most once per Idempotency-Key (see idempotency-store.ts), or plainly
// in one transaction when the caller gave no key.

export interface IdempotentRun {
  readonly idempotency: IdempotencyStore;
  readonly transact: (work: Work) => Promise<void>;
  readonly clock: () => Date;
}

export async function runIdempotent(
  deps: IdempotentRun,
  request: { readonly owner: string; readonly key: string | undefined; readonly route: string; readonly body: unknown },
  eventId: string,
  work: Work,
): Promise<{ eventId: string; replayed: boolean }> {
  if (request.key === undefined) {
    await deps.transact(work);
    return { eventId, replayed: false };
  }
  const outcome = await deps.idempotency.run(
    { owner: request.owner, key: request.key, requestHash: requestHash(request.route, request.body), eventId },
    deps.clock(),
    work,
  );
  if (outcome.kind === 'mismatch') {
    throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'header.idempotency-key: was already used with a different request body', {
      problems: [{ field: 'header.idempotency-key', reason: 'was already used with a different request body' }],
    });
  }
  return { eventId: outcome.eventId, replayed: outcome.kind === 'replayed' };
}
