/**
 * Every accepted change to the registry becomes a new version, in the same transaction as the
 * change; when the change could alter outcomes, the parcels still under customs control are
 * queued to be screened again against it.
 */
import type { Kysely } from 'kysely';
import { insertRegistryVersion } from '../db/registry.ts';
import type { Database } from '../db/schema.ts';
import { buildBundle } from './bundle.ts';

export interface PublishOptions {
  by: string;
  note: string;
  /** Queue decided parcels still under control (no customs outcome) for screening again. */
  rescreen: boolean;
  /** Only parcels received within this many days are re-screened. */
  rescreenWithinDays: number;
}

export interface Published {
  version: number;
  rescreened: number;
}

export async function publishRegistry(trx: Kysely<Database>, options: PublishOptions): Promise<Published> {
  const bundle = await buildBundle(trx);
  const version = await insertRegistryVersion(trx, JSON.stringify(bundle), options.by, options.note);
  let rescreened = 0;
  if (options.rescreen) {
    const since = new Date(Date.now() - options.rescreenWithinDays * 86_400_000).toISOString();
    const result = await trx
      .updateTable('parcels')
      .set({ status: 'rescreen' })
      .where('status', '=', 'screened')
      .where('customs_outcome', 'is', null)
      .where('received_at', '>=', since)
      .executeTakeFirst();
    rescreened = Number(result.numUpdatedRows);
  }
  return { version, rescreened };
}
