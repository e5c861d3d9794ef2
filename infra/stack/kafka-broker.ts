import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Kafka, logLevel } from 'kafkajs';
import { ensureKafkaJars } from './kafka-jars';
import { projectRoot } from './paths';
import { pollUntil, readPid, isAlive, spawnDetached, stopPidFile } from './process-control';

export interface KafkaBrokerOptions {
  /** Client listener port (PLAINTEXT, 127.0.0.1). */
  port: number;
  /** KRaft controller listener port. */
  controllerPort: number;
  /** Directory for server.properties, log.dirs, pid file and broker log. */
  dir: string;
  /** JVM heap flags; the broker needs little for local work. */
  heapOpts?: string;
  /** How long to wait for the broker to answer describeCluster, in ms (a loaded 2-core box can need 60 s). */
  readyTimeoutMs?: number;
}

/**
 * JVM flags of the local broker, which lives for one `npm start`, test run or benchmark: there the
 * JIT compilers were the broker's largest CPU cost (its compiler threads used 2.3× the request
 * handlers' CPU during a 100k-device benchmark, on 2 cores shared with the whole pipeline). C1 only
 * compiles in a fraction of that for slower steady-state code, and the serial collector has no
 * concurrent GC threads. A long-lived production broker wants its usual tiered JIT and G1.
 */
export const LOCAL_BROKER_JVM_FLAGS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** Combined broker+controller settings that work on Kafka 3.9 and 4.x, tuned for one node. */
export function serverProperties(opts: KafkaBrokerOptions): string {
  const lines = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${opts.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${opts.port},CONTROLLER://127.0.0.1:${opts.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${opts.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': path.join(opts.dir, 'data'),
    'num.partitions': '3',
    'offsets.topic.replication.factor': '1',
    // The default 50 partitions take seconds to create on a small machine.
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'false',
    'log.cleaner.backoff.ms': '5000',
  };
  return Object.entries(lines).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}

const pidFile = (dir: string): string => path.join(dir, 'kafka.pid');

export function kafkaRunning(dir: string): boolean {
  const pid = readPid(pidFile(dir));
  return pid !== undefined && isAlive(pid);
}

/** Formats KRaft storage once (idempotent) and starts the broker detached; resolves when it serves clients. */
export async function startKafka(opts: KafkaBrokerOptions, log: (line: string) => void = () => undefined): Promise<void> {
  const libs = ensureKafkaJars(log);
  fs.mkdirSync(opts.dir, { recursive: true });
  const props = path.join(opts.dir, 'server.properties');
  fs.writeFileSync(props, serverProperties(opts));
  const classpath = path.join(libs, '*');
  const log4j = `-Dlog4j2.configurationFile=${path.join(projectRoot(), 'infra', 'kafka', 'log4j2.properties')}`;
  if (!fs.existsSync(path.join(opts.dir, 'data', 'meta.properties'))) {
    // base64url may start with '-': passed as --cluster-id=<id> so it is never read as an option.
    const clusterId = randomBytes(16).toString('base64url');
    execFileSync('java', [log4j, '-cp', classpath, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', props, '--ignore-formatted'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  if (kafkaRunning(opts.dir)) {
    log(`kafka already running (pid ${readPid(pidFile(opts.dir))})`);
  } else {
    const heap = (opts.heapOpts ?? '-Xms256m -Xmx768m').split(/\s+/).filter(Boolean);
    spawnDetached({
      command: 'java',
      args: [...heap, ...LOCAL_BROKER_JVM_FLAGS, '-Djava.awt.headless=true', log4j, '-cp', classpath, 'kafka.Kafka', props],
      logFile: path.join(opts.dir, 'kafka.log'),
      pidFile: pidFile(opts.dir),
    });
  }
  await waitForKafka(`127.0.0.1:${opts.port}`, opts.readyTimeoutMs ?? 90_000, opts.dir);
}

/** Ready means a real client round trip: describeCluster answers with a controller. */
export async function waitForKafka(broker: string, timeoutMs: number, dir?: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'herald-stack', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const admin = kafka.admin();
  try {
    await pollUntil(
      async () => {
        if (dir !== undefined) {
          const pid = readPid(pidFile(dir));
          if (pid === undefined || !isAlive(pid)) throw new Error(`kafka exited; see ${path.join(dir, 'kafka.log')}`);
        }
        await admin.connect();
        const cluster = await admin.describeCluster();
        return cluster.brokers.length > 0 && cluster.controller !== null;
      },
      timeoutMs,
      `kafka at ${broker}`,
      250,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Controlled shutdown (SIGTERM), SIGKILL after 20 s. Leaves no JVM behind. */
export async function stopKafka(dir: string): Promise<boolean> {
  return stopPidFile(pidFile(dir), 20_000);
}
