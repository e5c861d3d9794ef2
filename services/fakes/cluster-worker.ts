import type { ToPrimary, ToWorker } from './cluster-ipc';
import { isMessage } from './cluster-ipc';
import { startFakeGateways, type FakeGateways, type FakeGatewaysOptions } from './gateways';
import type { ControlExecutor } from './shared/control-commands';

/**
 * A cluster worker: serves the fakes on the shared ports; its control API forwards commands to the
 * primary (which runs them in every worker), and it runs what the primary sends.
 */
export async function startClusterWorker(options: FakeGatewaysOptions): Promise<FakeGateways> {
  const send = (message: ToPrimary): void => void process.send?.(message);
  const pending = new Map<number, { resolve: (reply: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let local: ControlExecutor | undefined;

  const forward = ((command: Parameters<ControlExecutor>[0]) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send({ type: 'fakes:control', id, command });
    })) as ControlExecutor;

  process.on('message', (message: unknown) => {
    if (!isMessage<ToWorker>(message)) return;
    if (message.type === 'fakes:reply') {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.reply);
      return;
    }
    const run = local;
    if (!run) return send({ type: 'fakes:ran', id: message.id, error: 'worker not ready' });
    run(message.command).then(
      (reply) => send({ type: 'fakes:ran', id: message.id, reply }),
      (error: unknown) => send({ type: 'fakes:ran', id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });

  const gateways = await startFakeGateways({
    ...options,
    wrapControl: (executor) => {
      local = executor;
      return forward;
    },
  });
  send({ type: 'fakes:ready', ports: gateways.ports, caCertPath: gateways.caCertPath });
  return gateways;
}
