/**
 * Service configuration from the environment, validated once at start-up: a bad value stops the
 * process with a message naming the variable, instead of failing later under load.
 */
import { z } from 'zod';
import { LIMITS_CONFIG } from './http/limits-config.ts';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ConfigSchema = z.object({
  PORT: int(0, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/parcelscreen.db'),
  /** FULL: an acknowledged manifest survives a power cut; NORMAL: only a killed process. */
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL']).default('FULL'),
  PG_POOL_SIZE: int(1, 200).default(10),
  MAX_BODY_BYTES: int(1024, 1024 ** 3).default(20 * 1024 * 1024),
  MAX_PARCELS_PER_MANIFEST: int(1, 100_000).default(10_000),
  /** Above this many parcels waiting for screening, new manifests get 503 + Retry-After. */
  BACKLOG_LIMIT: int(1, 1e9).default(2_000_000),
  BACKLOG_RETRY_AFTER_SECONDS: int(1, 3600).default(5),
  /** Ingest worker threads that parse and validate manifests; 0 reads them on the HTTP thread. */
  INGEST_THREADS: int(0, 64).default(1),
  /** Worker threads that screen parcels; 0 runs no screening on this node (ingest only). */
  SCREENING_THREADS: int(0, 64).default(1),
  /** Parcels per screening task and per decision transaction. */
  SCREEN_BATCH_SIZE: int(1, 5000).default(500),
  /** A claimed batch not decided within this time goes back to the queue (crashed node). */
  SCREEN_LEASE_MS: int(1000, 3_600_000).default(60_000),
  /** Bundle that seeds an empty registry at start-up; `none` seeds nothing. */
  REGISTRY_SEED: z.string().default('data/sample-registry.json'),
  /** Validity an accepted application gets at least, and a renewal adds. */
  APPLICATION_MIN_VALIDITY_DAYS: int(1, 3650).default(365),
  /**
   * After a registry change, decided parcels received within this many days and still under
   * control are screened again. Small parcels are usually delivered within days: a longer window
   * re-screens parcels that left customs' reach long ago.
   */
  RESCREEN_WITHIN_DAYS: int(0, 3650).default(3),
  /** Working days the rights holder has to confirm infringement after it was notified of a detention. */
  CONFIRM_WORKING_DAYS: int(1, 60).default(10),
  /** Whether rights holders' notifications may carry consignee data (only where the law allows it). */
  NOTIFY_SHARE_CONSIGNEE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ...LIMITS_CONFIG,
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty variables count as unset, as shells and compose files often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
