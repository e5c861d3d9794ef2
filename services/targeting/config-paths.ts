import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { findRepoPath } from '../shared/contracts/repo-path';

/** A configured file or directory: absolute as is; relative to the working directory when there, else to the project root. */
export function resolveConfigPath(configured: string, fromDir: string = __dirname): string {
  if (path.isAbsolute(configured)) return configured;
  const fromCwd = path.resolve(configured);
  return existsSync(fromCwd) ? fromCwd : findRepoPath(configured, fromDir);
}
