import type * as avsc from 'avsc';

export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;

export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];

/** Confluent's default when neither the subject nor the registry has a level configured. */
export const DEFAULT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD';

export function isCompatibilityLevel(value: unknown): value is CompatibilityLevel {
  return typeof value === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(value);
}

export interface PreviousSchema {
  readonly version: number;
  readonly type: avsc.Type;
}

export interface CompatibilityResult {
  readonly compatible: boolean;
  /** One line per failed check, for `?verbose=true` and the 409 message. */
  readonly messages: readonly string[];
}

/**
 * Decides whether `candidate` may follow `previous` (oldest first, live versions only) under `level`.
 * BACKWARD: the new schema reads data written with the old one; FORWARD: the old schema reads data
 * written with the new one; FULL: both. Non-transitive levels check the latest version only.
 * A reader "can read" a writer when avsc builds a resolver (`reader.createResolver(writer)` throws
 * otherwise). Namespaces count, as they do for avsc decoders in Herald's consumers.
 */
export function checkCompatibility(
  level: CompatibilityLevel,
  candidate: avsc.Type,
  previous: readonly PreviousSchema[],
): CompatibilityResult {
  if (level === 'NONE' || previous.length === 0) return { compatible: true, messages: [] };
  const transitive = level.endsWith('_TRANSITIVE');
  const against = transitive ? previous : previous.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const messages: string[] = [];
  for (const { version, type: old } of against) {
    const label = `version ${version}`;
    if (backward) {
      const problem = resolveProblem(candidate, old);
      if (problem) messages.push(`new schema cannot read data written with ${label}: ${problem}`);
    }
    if (forward) {
      const problem = resolveProblem(old, candidate);
      if (problem) messages.push(`${label} cannot read data written with the new schema: ${problem}`);
    }
  }
  return { compatible: messages.length === 0, messages };
}

/** Why `reader` cannot read `writer`'s data, or undefined when it can. */
export function resolveProblem(reader: avsc.Type, writer: avsc.Type): string | undefined {
  try {
    reader.createResolver(writer);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
