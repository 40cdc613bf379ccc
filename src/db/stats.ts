/**
 * Reads behind the statistics: the follow-up scan of the API (`/v1/stats`) and the aggregates the
 * console charts. Each reads parcels received in a date range, which no index serves (an index on
 * `received_at` would cost every filed parcel a write for a page read a few times a day): they run
 * through `readScanning`, on SQLite's background thread, never stalling the event loop.
 */
import { sql } from 'kysely';
import { readScanning, type Db } from './connect.ts';
import { endOf } from './review-queue.ts';

export interface StatsRange {
  from: string;
  to: string;
}

/** One page (by id) of the parcels received in the range, with what the follow-up statistics group by. */
export function statsScanPage(db: Db, range: StatsRange, afterId: number, limit: number) {
  return readScanning(
    db,
    db.kysely
      .selectFrom('parcels')
      .innerJoin('manifests', 'manifests.id', 'parcels.manifest_id')
      .select(['parcels.id', 'parcels.received_at', 'parcels.marks', 'parcels.origin_country', 'parcels.operator_code', 'parcels.decision', 'parcels.customs_outcome', 'parcels.data', 'manifests.regime'])
      .where('parcels.received_at', '>=', range.from)
      .where('parcels.received_at', '<', range.to.length === 10 ? `${range.to}T23:59:59.999Z` : range.to)
      .where('parcels.id', '>', afterId)
      .orderBy('parcels.id')
      .limit(limit),
  );
}

/**
 * Parcels per day, decision, origin, operator and manifest: one scan that every breakdown but marks
 * is summed from. Grouped by manifest, not joined to it: a manifest's regime is looked up once
 * (`manifestRegimes`) instead of once per parcel.
 */
export function decisionCounts(db: Db, range: StatsRange) {
  const day = sql<string>`substr(received_at, 1, 10)`;
  return readScanning(
    db,
    db.kysely
      .selectFrom('parcels')
      .select([day.as('day'), 'decision', 'origin_country', 'operator_code', 'manifest_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('received_at', '>=', range.from)
      .where('received_at', '<=', endOf(range.to))
      .groupBy([day, 'decision', 'origin_country', 'operator_code', 'manifest_id']),
  );
}

/** The regime of each of these manifests (read by primary key, 500 at a time). */
export async function manifestRegimes(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const regimes = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const m of await db.kysely.selectFrom('manifests').select(['id', 'regime']).where('id', 'in', ids.slice(i, i + 500)).execute()) regimes.set(m.id, m.regime);
  }
  return regimes;
}

/** Flagged parcels per combination of marks (read from the partial decision index). */
export function flaggedMarkCounts(db: Db, range: StatsRange) {
  return readScanning(
    db,
    db.kysely
      .selectFrom('parcels')
      .select(['marks', 'decision', (eb) => eb.fn.countAll<number>().as('n')])
      .where('decision', 'in', ['hold', 'review'])
      .where('marks', 'is not', null)
      .where('received_at', '>=', range.from)
      .where('received_at', '<=', endOf(range.to))
      .groupBy(['marks', 'decision']),
  );
}

/** Parcels seized or destroyed, per combination of marks. */
export function seizureMarkCounts(db: Db, range: StatsRange) {
  return readScanning(
    db,
    db.kysely
      .selectFrom('parcels')
      .select(['marks', (eb) => eb.fn.countAll<number>().as('n')])
      .where('parcels.id', 'in', (eb) => eb.selectFrom('outcomes').select('outcomes.parcel_id').where('outcomes.action', 'in', ['seized', 'destroyed']))
      .where('received_at', '>=', range.from)
      .where('received_at', '<=', endOf(range.to))
      .groupBy('marks'),
  );
}

/**
 * Held parcels with the reasons of their current decision, and whether customs have recorded any
 * outcome and whether they stopped the goods (detained, seized or destroyed).
 */
export function heldWithReasons(db: Db, range: StatsRange) {
  const stopped = ['detained', 'seized', 'destroyed'];
  return readScanning(
    db,
    db.kysely
      .selectFrom('parcels')
      .innerJoin('decisions', (j) =>
        j.onRef('decisions.parcel_id', '=', 'parcels.id').onRef('decisions.parcel_revision', '=', 'parcels.revision').onRef('decisions.registry_version', '=', 'parcels.registry_version'),
      )
      .select([
        'decisions.reasons',
        'parcels.customs_outcome',
        (eb) => eb.exists(eb.selectFrom('outcomes').select('outcomes.id').whereRef('outcomes.parcel_id', '=', 'parcels.id').where('outcomes.action', 'in', stopped)).as('stopped'),
      ])
      .where('parcels.decision', '=', 'hold')
      .where('parcels.received_at', '>=', range.from)
      .where('parcels.received_at', '<=', endOf(range.to)),
  );
}
