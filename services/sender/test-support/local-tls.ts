import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LocalTls {
  readonly keyPem: string;
  readonly certPem: string;
}

let cached: LocalTls | null = null;

/** A self-signed certificate for 127.0.0.1/localhost (openssl CLI, no network), made once per test file. */
export function localTls(): LocalTls {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-sender-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', key, '-out', cert,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  cached = { keyPem: fs.readFileSync(key, 'utf8'), certPem: fs.readFileSync(cert, 'utf8') };
  fs.rmSync(dir, { recursive: true, force: true });
  return cached;
}
