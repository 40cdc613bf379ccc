/**
 * Service configuration from the environment, validated once at start-up: a bad value stops the
 * process with a message naming the variable, instead of failing later under load.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CountryWithCalendarSchema, parseOfficesJson } from './domain/offices.ts';
import { LIMITS_CONFIG } from './http/limits-config.ts';
import { defaultScreeningThreads } from './screening/threads.ts';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const ConfigSchema = z.object({
  PORT: int(0, 65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/parcelscreen.db'),
  /**
   * PostgreSQL only: when set, migrations run with this URL (a role that owns the tables), and the
   * service's own role (DATABASE_URL) is granted ordinary reads and writes but only SELECT and
   * INSERT on the audit trail.
   */
  MIGRATION_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
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
  /** Worker threads that screen parcels; 0 runs no screening on this node (ingest only). Default: one per core but one (src/screening/threads.ts). */
  SCREENING_THREADS: int(0, 64).default(defaultScreeningThreads()),
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
  /** The customs offices whose calendars the legal clocks follow: a JSON list, or the path of a JSON file holding one. */
  CUSTOMS_OFFICES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      let text = value;
      try {
        if (!value.trim().startsWith('[')) text = readFileSync(value, 'utf8');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `is neither a JSON list nor a readable file (${(err as Error).message})` });
        return z.NEVER;
      }
      const parsed = parseOfficesJson(text);
      if (parsed.ok) return parsed.offices;
      for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }),
  /** Without CUSTOMS_OFFICES: the country of the one office (its holidays; its time zone, the country's). */
  CUSTOMS_COUNTRY: CountryWithCalendarSchema.default('BE'),
  /** How often the background watcher records passed deadlines and sends application expiry notices. */
  PROCEDURE_CHECK_SECONDS: int(1, 86_400).default(60),
  /** Whether rights holders' notifications may carry consignee data (only where the law allows it). */
  NOTIFY_SHARE_CONSIGNEE: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Hosts (comma-separated) whose webhooks may use plain http and reach loopback: development receivers only. */
  WEBHOOK_ALLOW_HTTP_HOSTS: z.string().default(''),
  /** Deadline of one webhook delivery, connection to answer. */
  WEBHOOK_TIMEOUT_MS: int(100, 60_000).default(5000),
  /** Bytes of a webhook receiver's answer read at most. */
  WEBHOOK_MAX_RESPONSE_BYTES: int(0, 10 * 1024 * 1024).default(65_536),
  /** Owners whose webhooks are delivered to at once (one slow receiver holds up only its own). */
  WEBHOOK_CONCURRENCY: int(1, 1000).default(16),
  /** Days after reception that a released parcel's sender and consignee names and addresses are kept. */
  RETENTION_RELEASED_DAYS: int(1, 3650).default(30),
  /** Days after a customs case is closed (released, destroyed, returned) that its personal data are kept. */
  RETENTION_CLOSED_CASE_DAYS: int(1, 3650).default(365),
  /** Minutes between background purges of personal data; 0: only `npm run retention -- purge`. */
  RETENTION_PURGE_INTERVAL_MINUTES: int(0, 10_080).default(60),
  /** Seconds a rotated API key keeps working beside its replacement (`POST /v1/keys/:id/rotate`). */
  KEY_ROTATION_GRACE_SECONDS: int(0, 30 * 86_400).default(86_400),
  /** Web console: session cookies carry `Secure` (and the `__Host-` prefix); `false` only for plain-http development away from localhost. */
  CONSOLE_SECURE_COOKIES: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  /** Web console: a session unused this long ends (minutes), and any session ends this long after sign-in (hours). */
  CONSOLE_SESSION_IDLE_MINUTES: int(1, 1440).default(30),
  CONSOLE_SESSION_MAX_HOURS: int(1, 168).default(12),
  /** Web console: failed sign-ins one client address may make per 15 minutes on a node before it waits (429). */
  CONSOLE_SIGNIN_ATTEMPTS: int(1, 1000).default(10),
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
