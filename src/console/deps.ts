/** What the console's pages are given: the database, the services' settings and the shared readers. */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { WebhookSettings } from '../http/routes/feeds.ts';
import type { ManifestReader } from '../ingest/manifest-reader.ts';
import type { Logger } from '../logger.ts';
import type { RegistrySettings } from '../registry/service.ts';
import type { RegistryWarnings } from '../registry/warnings.ts';
import type { WorkflowSettings } from '../workflow/record-outcome.ts';

export interface ConsoleDeps {
  db: Db;
  logger: Logger;
  config: Pick<Config, 'CONSOLE_SECURE_COOKIES' | 'CONSOLE_SESSION_IDLE_MINUTES' | 'CONSOLE_SESSION_MAX_HOURS' | 'CONSOLE_SIGNIN_ATTEMPTS' | 'MAX_BODY_BYTES' | 'MAX_JSON_DEPTH' | 'KEY_ROTATION_GRACE_SECONDS'>;
  /** Reads an uploaded registry bundle in an ingest worker, as the API's import does. */
  reader: Pick<ManifestReader, 'readJson'>;
  /** The compile warnings of registry versions, shown after an import. */
  registryWarnings: RegistryWarnings;
  /** Drops a revoked or rotated key from this node's API authentication cache. */
  forgetKey: (keyId: string) => void;
  workflow: WorkflowSettings;
  registry: RegistrySettings;
  webhooks: WebhookSettings;
}
