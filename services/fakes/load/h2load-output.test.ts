import { parseH2loadOutput } from './h2load-output';

const sample = `starting benchmark...
spawning thread #0: 4 total client(s). 20000 total requests
TLS Protocol: TLSv1.3
Application protocol: h2
progress: 10% done

finished in 1.02s, 19580.12 req/s, 1.52MB/s
requests: 20000 total, 20000 started, 20000 done, 19990 succeeded, 10 failed, 0 errored, 0 timeout
status codes: 19990 2xx, 0 3xx, 10 4xx, 0 5xx
traffic: 1.52MB (1593004) total, 212.14KB (217232) headers (space savings 93.19%), 0B (0) data
`;

describe('parseH2loadOutput', () => {
  it('reads the rate, request counts and status classes', () => {
    expect(parseH2loadOutput(sample)).toEqual({
      requestsPerSecond: 19580.12,
      total: 20000,
      succeeded: 19990,
      failed: 10,
      errored: 0,
      status2xx: 19990,
      status4xx: 10,
      status5xx: 0,
    });
  });

  it('gives null for output without a summary', () => {
    expect(parseH2loadOutput('starting benchmark...\n')).toBeNull();
  });
});
