import type { ControlCommandInput, ControlReply } from './shared/control-commands';
import type { Provider } from './shared/provider';

/** Messages between the cluster primary and its workers (JSON over the IPC channel). */
export type ToPrimary =
  | { type: 'fakes:ready'; ports: Record<Provider, number>; caCertPath: string }
  | { type: 'fakes:control'; id: number; command: ControlCommandInput }
  | { type: 'fakes:ran'; id: number; reply?: ControlReply; error?: string };

export type ToWorker =
  | { type: 'fakes:run'; id: number; command: ControlCommandInput }
  | { type: 'fakes:reply'; id: number; reply?: ControlReply; error?: string };

export function isMessage<T extends { type: string }>(value: unknown): value is T {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && (value as { type: string }).type.startsWith('fakes:');
}
