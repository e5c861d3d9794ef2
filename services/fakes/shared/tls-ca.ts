import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureDirOnce } from './atomic-dir';

/** Names the server certificate is valid for: loopback, plus the real hosts for DNS-override setups. */
export const SERVER_CERT_NAMES: readonly string[] = [
  'DNS:localhost',
  'IP:127.0.0.1',
  'IP:0:0:0:0:0:0:0:1',
  'DNS:fcm.googleapis.com',
  'DNS:api.push.apple.com',
  'DNS:api.sandbox.push.apple.com',
  'DNS:api.development.push.apple.com',
];

export interface TlsMaterial {
  caCertPath: string;
  caCertPem: string;
  certPem: string;
  keyPem: string;
}

const FILES = { caKey: 'ca-key.pem', caCert: 'ca.pem', key: 'server-key.pem', cert: 'server.pem' } as const;

/**
 * A local CA and a server certificate signed by it, made with the openssl CLI (no network), kept in
 * `dir` and reused. Clients trust `caCertPem` explicitly; nothing is installed system-wide.
 */
export function ensureTlsMaterial(dir: string): TlsMaterial {
  ensureDirOnce(dir, FILES.cert, (tmp) => generate(tmp));
  const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
  return {
    caCertPath: path.resolve(dir, FILES.caCert),
    caCertPem: read(FILES.caCert),
    certPem: read(FILES.cert),
    keyPem: read(FILES.key),
  };
}

function generate(dir: string): void {
  const at = (name: string): string => path.join(dir, name);
  const openssl = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', at(FILES.caKey)]);
  openssl([
    'req', '-x509', '-new', '-key', at(FILES.caKey), '-sha256', '-days', '3650',
    '-subj', '/CN=Herald fakes local CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-out', at(FILES.caCert),
  ]);
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', at('server-ec.pem')]);
  openssl(['pkcs8', '-topk8', '-nocrypt', '-in', at('server-ec.pem'), '-out', at(FILES.key)]);
  openssl(['req', '-new', '-key', at(FILES.key), '-subj', '/CN=localhost', '-out', at('server.csr')]);
  fs.writeFileSync(
    at('server.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${SERVER_CERT_NAMES.join(',')}`,
      '',
    ].join('\n'),
  );
  openssl([
    'x509', '-req', '-in', at('server.csr'), '-CA', at(FILES.caCert), '-CAkey', at(FILES.caKey),
    '-CAcreateserial', '-days', '825', '-sha256', '-extfile', at('server.ext'), '-out', at(FILES.cert),
  ]);
  for (const scratch of ['server-ec.pem', 'server.csr', 'server.ext', 'ca.srl']) fs.rmSync(at(scratch), { force: true });
}
