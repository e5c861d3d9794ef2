import * as path from 'node:path';
import * as fs from 'node:fs';

/** The repository root, found from this file whether it runs from source or from dist/. */
export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'infra', 'kafka', 'pom.xml'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find Herald's project root above ${__dirname}`);
    dir = parent;
  }
}

/** Git-ignored working directory for jars, broker data, pid files and logs. */
export function heraldDir(): string {
  return path.join(projectRoot(), '.herald');
}
