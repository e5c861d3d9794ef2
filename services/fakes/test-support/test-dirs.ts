import * as os from 'node:os';
import * as path from 'node:path';

/** Shared across test files: created once, race-safe (see ensureDirOnce). */
export const TEST_TLS_DIR = path.join(os.tmpdir(), 'herald-fakes-test', 'tls');
export const TEST_CREDENTIALS_DIR = path.join(os.tmpdir(), 'herald-fakes-test', 'dev-credentials');
