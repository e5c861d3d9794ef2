// Failures below HTTP: no answer arrived, so there is nothing to classify. Each one is retriable
// (the message was not, or may not have been, accepted), except `invalid_request` (Node refused to
// send it at all); `gated` means it was never sent.

export const TRANSPORT_FAILURES = [
  'connect_failed',
  'timeout',
  'connection_lost',
  'stream_error',
  'pool_closed',
  'gated',
  'invalid_request',
] as const;
export type TransportFailure = (typeof TRANSPORT_FAILURES)[number];

export class TransportError extends Error {
  readonly failure: TransportFailure;
  /** For `gated`: epoch ms until which the origin accepts no new requests. */
  readonly gatedUntilMs: number | null;

  constructor(failure: TransportFailure, message: string, options: { cause?: unknown; gatedUntilMs?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TransportError';
    this.failure = failure;
    this.gatedUntilMs = options.gatedUntilMs ?? null;
  }
}

export function isTransportError(error: unknown): error is TransportError {
  return error instanceof TransportError;
}
