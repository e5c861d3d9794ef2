import { z } from 'zod';
import { loadBaseConfig, parseEnv, type BaseConfig, type Env, type SettingDoc } from '../shared/config';

export const FEEDBACK_SETTINGS: readonly SettingDoc[] = [
  { name: 'FEEDBACK_GROUP_ID', default: 'herald-feedback', unit: 'string', description: 'Consumer group of the feedback stage (receipts and dead letters).' },
  { name: 'FEEDBACK_BATCH_RECORDS', default: '2000', unit: 'records', description: 'Receipts per handler call, i.e. per multi-row insert.' },
  { name: 'FEEDBACK_PARTITIONS_CONCURRENTLY', default: '2', unit: 'partitions', description: 'Receipt partitions handled in parallel by one instance.' },
  { name: 'RECEIPT_RETENTION_DAYS', default: '30', unit: 'days', description: 'Receipt partitions older than this are dropped by the maintenance loop.' },
  { name: 'RECEIPT_MAINTENANCE_INTERVAL_MS', default: '3600000', unit: 'ms', description: 'How often partitions ahead are created and old ones dropped.' },
];

const schema = z.object({
  FEEDBACK_GROUP_ID: z.string().min(1).default('herald-feedback'),
  FEEDBACK_BATCH_RECORDS: z.coerce.number().int().min(1).max(50_000).default(2000),
  FEEDBACK_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(2),
  RECEIPT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RECEIPT_MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
});

export interface FeedbackConfig {
  readonly base: BaseConfig;
  readonly groupId: string;
  readonly batchRecords: number;
  readonly partitionsConcurrently: number;
  readonly retentionDays: number;
  readonly maintenanceIntervalMs: number;
}

export function loadFeedbackConfig(env: Env = process.env): FeedbackConfig {
  const base = loadBaseConfig(env);
  const e = parseEnv(schema, env);
  return Object.freeze({
    base,
    groupId: e.FEEDBACK_GROUP_ID,
    batchRecords: e.FEEDBACK_BATCH_RECORDS,
    partitionsConcurrently: e.FEEDBACK_PARTITIONS_CONCURRENTLY,
    retentionDays: e.RECEIPT_RETENTION_DAYS,
    maintenanceIntervalMs: e.RECEIPT_MAINTENANCE_INTERVAL_MS,
  });
}
