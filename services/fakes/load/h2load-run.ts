import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseH2loadOutput, type H2loadResult } from './h2load-output';
import type { LoadRequest } from './load-requests';

export interface H2loadOptions {
  /** Number of requests; ignored when `durationSeconds` is given. */
  requests: number;
  /** Timing-based run of this many seconds instead of a request count. */
  durationSeconds?: number;
  /** Seconds before measuring starts (timing-based runs only): connection set-up stays out of the rate. */
  warmUpSeconds?: number;
  clients: number;
  /** Concurrent streams per client connection. */
  streams: number;
  threads?: number;
}

/** Runs h2load (nghttp2-client) with one request replayed; headers that h2load sets itself are dropped. */
export async function runH2load(request: LoadRequest, options: H2loadOptions): Promise<H2loadResult & { output: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-h2load-'));
  const bodyFile = path.join(dir, 'body');
  fs.writeFileSync(bodyFile, request.body);
  const headerArgs = Object.entries(request.headers)
    .filter(([name]) => name !== 'content-length' && name !== 'host')
    .flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const amount = options.durationSeconds
    ? ['-D', String(options.durationSeconds), ...(options.warmUpSeconds ? [`--warm-up-time=${options.warmUpSeconds}`] : [])]
    : ['-n', String(options.requests)];
  const args = [...amount, '-c', String(options.clients), '-m', String(options.streams), '-t', String(options.threads ?? 1), '-d', bodyFile, ...headerArgs, request.url];
  try {
    const output = await new Promise<string>((resolve, reject) => {
      execFile('h2load', args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    });
    const result = parseH2loadOutput(output);
    if (!result) throw new Error(`h2load printed no summary:\n${output}`);
    return { ...result, output };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
