/** What h2load reports at the end of a run. */
export interface H2loadResult {
  requestsPerSecond: number;
  total: number;
  succeeded: number;
  failed: number;
  errored: number;
  status2xx: number;
  status4xx: number;
  status5xx: number;
}

/** Parses h2load's summary ("finished in 1.2s, 123.4 req/s, ...", "requests: ...", "status codes: ..."). Pure. */
export function parseH2loadOutput(output: string): H2loadResult | null {
  const finished = /finished in [\d.]+\w*, ([\d.]+) req\/s/.exec(output);
  const requests = /requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(output);
  const codes = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(output);
  if (!finished || !requests || !codes) return null;
  return {
    requestsPerSecond: Number(finished[1]),
    total: Number(requests[1]),
    succeeded: Number(requests[2]),
    failed: Number(requests[3]),
    errored: Number(requests[4]),
    status2xx: Number(codes[1]),
    status4xx: Number(codes[3]),
    status5xx: Number(codes[4]),
  };
}
