import cluster, { type Worker } from 'node:cluster';
import { mergeReplies, perWorkerLimit } from './cluster-merge';
import type { ToPrimary, ToWorker } from './cluster-ipc';
import { isMessage } from './cluster-ipc';
import type { ControlCommandInput, ControlKind, ControlReplies, ControlReply } from './shared/control-commands';
import type { Provider } from './shared/provider';
import { newStoredSubscription, subscriptionJson } from './webpush/webpush-subscriptions';

export interface ClusterReady {
  ports: Record<Provider, number>;
  caCertPath: string;
}

export interface ClusterPrimary {
  ready: Promise<ClusterReady>;
  /** Disconnects the workers (they close their servers) and resolves when all have exited. */
  close(): Promise<void>;
}

/**
 * Forks `workers` processes that share the fakes' ports and makes their scripts and inspection act as
 * one: a control command reaching any worker runs in all of them and the answers are merged.
 */
export function startClusterPrimary(workers: number, webpushBaseUrl: (ports: Record<Provider, number>) => string, onExit: (code: number | null) => void): ClusterPrimary {
  const forked: Worker[] = [];
  const waiting = new Map<string, (reply: ControlReply | Error) => void>();
  let nextId = 1;
  let readyCount = 0;
  let closing = false;
  let resolveReady: (ready: ClusterReady) => void = () => undefined;
  const ready = new Promise<ClusterReady>((resolve) => (resolveReady = resolve));
  let readyInfo: ClusterReady | undefined;

  const runIn = (worker: Worker, command: ControlCommandInput): Promise<ControlReply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(`${worker.id}:${id}`, (reply) => (reply instanceof Error ? reject(reply) : resolve(reply)));
      const message: ToWorker = { type: 'fakes:run', id, command };
      worker.send(message);
    });

  const runEverywhere = async (command: ControlCommandInput): Promise<ControlReply> => {
    if (command.kind === 'createWebPushSubscription') {
      const stored = newStoredSubscription(command.applicationServerKey);
      await Promise.all(forked.map((w) => runIn(w, { kind: 'addWebPushSubscription', subscription: stored })));
      return { subscription: subscriptionJson(stored, webpushBaseUrl(readyInfo?.ports ?? { fcm: 0, apns: 0, webpush: 0 })) };
    }
    const sent = command.kind === 'setQuota' ? { ...command, limit: perWorkerLimit(command.limit, forked.length) } : command;
    const replies = await Promise.all(forked.map((w) => runIn(w, sent)));
    return mergeReplies(command.kind as ControlKind, replies as Array<ControlReplies[ControlKind]>);
  };

  const onMessage = (worker: Worker, message: unknown): void => {
    if (!isMessage<ToPrimary>(message)) return;
    if (message.type === 'fakes:ready') {
      readyCount += 1;
      readyInfo = { ports: message.ports, caCertPath: message.caCertPath };
      if (readyCount === workers) resolveReady(readyInfo);
    } else if (message.type === 'fakes:ran') {
      const key = `${worker.id}:${message.id}`;
      const done = waiting.get(key);
      waiting.delete(key);
      done?.(message.error !== undefined ? new Error(message.error) : (message.reply as ControlReply));
    } else {
      runEverywhere(message.command).then(
        (reply) => worker.send({ type: 'fakes:reply', id: message.id, reply } satisfies ToWorker),
        (error: unknown) => worker.send({ type: 'fakes:reply', id: message.id, error: error instanceof Error ? error.message : String(error) } satisfies ToWorker),
      );
    }
  };

  for (let i = 0; i < workers; i += 1) {
    const worker = cluster.fork();
    forked.push(worker);
    worker.on('message', (message: unknown) => onMessage(worker, message));
    worker.on('exit', (code) => {
      forked.splice(forked.indexOf(worker), 1);
      if (!closing) {
        closing = true;
        for (const other of forked) other.kill('SIGTERM');
        onExit(code);
      }
    });
  }

  return {
    ready,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        if (forked.length === 0) return resolve();
        let left = forked.length;
        for (const worker of [...forked]) {
          worker.once('exit', () => {
            left -= 1;
            if (left === 0) resolve();
          });
          worker.kill('SIGTERM');
        }
      }),
  };
}
