// The only way tests wait: poll a condition until it holds or a deadline passes. Never sleep.

export interface WaitForOptions {
  /** What is awaited, for the timeout message ("3 messages on the dead-letter topic"). */
  readonly description: string;
  /** Milliseconds before giving up; default 30 000. */
  readonly timeoutMs?: number;
  /** Milliseconds between polls; default 50. */
  readonly intervalMs?: number;
}

function describeLast(outcome: { error?: unknown; value?: unknown }): string {
  if (outcome.error !== undefined) {
    const { error } = outcome;
    return `last error: ${error instanceof Error ? error.message : JSON.stringify(error)}`;
  }
  let text: string;
  try {
    text = JSON.stringify(outcome.value) ?? String(outcome.value);
  } catch {
    text = String(outcome.value);
  }
  return `last value: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}

/** What waitFor returns: the condition's value once it is neither false, null nor undefined. */
export type Satisfied<T> = Exclude<T, false | null | undefined>;

/**
 * Polls `condition` until it returns something other than false/null/undefined (which is returned)
 * without throwing. A throw counts as "not yet" (e.g. an expect() inside). On the deadline, throws
 * with the description and the last value or error seen.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitForOptions): Promise<Satisfied<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: { error?: unknown; value?: unknown } = {};
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== null && value !== false) return value as Satisfied<T>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${options.description} (${describeLast(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
