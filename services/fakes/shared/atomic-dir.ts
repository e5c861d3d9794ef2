import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Makes sure `dir` holds the files `generate` writes, creating them at most once even when several
 * processes (jest workers, cluster workers) race: each generates into its own temporary sibling and
 * renames it into place; a loser of the race discards its copy and uses the winner's.
 * `marker` is a file name inside `dir` whose presence means the directory is complete.
 */
export function ensureDirOnce(dir: string, marker: string, generate: (tmpDir: string) => void): void {
  const absolute = path.resolve(dir);
  if (fs.existsSync(path.join(absolute, marker))) return;
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  const tmp = fs.mkdtempSync(`${absolute}.tmp-`);
  try {
    generate(tmp);
    try {
      removeIfEmptyDir(absolute);
      fs.renameSync(tmp, absolute);
    } catch (error) {
      if (!fs.existsSync(path.join(absolute, marker))) throw error;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function removeIfEmptyDir(dir: string): void {
  try {
    if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  } catch {
    // absent: nothing to remove
  }
}
