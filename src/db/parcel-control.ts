/**
 * "Still under customs control" (src/domain/customs-control.ts) as a condition on the parcels
 * table, for every statement that queues parcels to be screened again.
 */
import type { UpdateQueryBuilder, UpdateResult } from 'kysely';
import { UNDER_CONTROL } from '../domain/customs-control.ts';
import type { Database } from './schema.ts';

type ParcelsUpdate = UpdateQueryBuilder<Database, 'parcels', 'parcels', UpdateResult>;

/** Narrows an update of parcels to the decided ones with no customs outcome yet. */
export function underCustomsControl(update: ParcelsUpdate): ParcelsUpdate {
  return update.where('status', '=', UNDER_CONTROL.status).where('customs_outcome', 'is', UNDER_CONTROL.customsOutcome);
}
