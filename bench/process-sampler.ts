import * as fs from 'node:fs';

// CPU time and peak memory of processes, read from /proc (Linux): utime + stime of /proc/<pid>/stat
// and VmHWM of /proc/<pid>/status. Null when the process is gone.

/** Kernel clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on every Linux we run). */
const TICKS_PER_SECOND = 100;

export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

export function peakRssBytes(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export interface HeapFigures {
  /** V8 heap in use (nodejs_heap_size_used_bytes), bytes. */
  readonly heapUsedBytes: number;
  /** Memory of Buffers and other objects outside the V8 heap (nodejs_external_memory_bytes), bytes. */
  readonly externalBytes: number;
}

/** Heap figures from a stage's Prometheus endpoint (prom-client's default metrics); null when unavailable. */
export async function heapFigures(opsPort: number): Promise<HeapFigures | null> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${opsPort}/metrics`)).text();
    const value = (name: string): number | null => {
      const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text);
      return match ? Number(match[1]) : null;
    };
    const heapUsedBytes = value('nodejs_heap_size_used_bytes');
    const externalBytes = value('nodejs_external_memory_bytes');
    return heapUsedBytes === null || externalBytes === null ? null : { heapUsedBytes, externalBytes };
  } catch {
    return null;
  }
}
