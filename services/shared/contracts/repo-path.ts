import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Absolute path of `relative` (e.g. "schemas") in the nearest ancestor of `fromDir` that has it.
 * Non-TypeScript assets (schemas/, infra/migrations/) are not copied by tsc, so code running from
 * dist/services/... and from the sources must both find them by walking up to the project root.
 */
export function findRepoPath(relative: string, fromDir: string): string {
  let dir = path.resolve(fromDir);
  for (;;) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${relative} not found in ${fromDir} or any parent directory`);
    dir = parent;
  }
}
