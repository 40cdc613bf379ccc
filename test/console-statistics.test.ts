/**
 * The console's statistics on both databases: counts per day, origin, operator and regime, marks
 * split out of their combinations, seizures by mark, and each rule's precision (of its worked
 * holds, the share detained, seized or destroyed), from rows written straight to the tables.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.ts';
import { consoleStatistics } from '../src/workflow/statistics.ts';
import { backends } from './support/db.ts';

const reason = (kind: string, weight: number) => ({ kind, field: 'items[0].description', matched: 'x', start: 0, end: 1, weight, note: kind });

for (const backend of backends) {
  describe(`console statistics (${backend.name})`, () => {
    let db: Db;
    beforeEach(async () => (db = await backend.open()));
    afterEach(() => db.close());

    it('counts per day, origin, operator and regime, splits marks, counts seizures and each rule’s precision', async () => {
      await db.kysely.insertInto('manifests').values([
        { id: 'm1', operator_code: 'OPA', manifest_ref: 'R1', mode: 'postal', regime: 'import', destination_country: 'BE', received_at: '2026-06-01T10:00:00.000Z' },
        { id: 'm2', operator_code: 'OPB', manifest_ref: 'R2', mode: 'postal', regime: 'transit', destination_country: 'BE', received_at: '2026-06-02T10:00:00.000Z' },
      ]).execute();
      // [manifest, day, decision, origin, marks, reasons, outcomes]
      const specs: [string, string, 'hold' | 'review' | 'release', string, string | null, ReturnType<typeof reason>[], string[]][] = [
        ['m1', '2026-06-01', 'hold', 'CN', 'Nike', [reason('trademark', 72), reason('keyword', 60)], ['detained', 'destroyed']],
        ['m1', '2026-06-01', 'hold', 'CN', 'Nike,Gucci', [reason('trademark', 72), reason('origin', 0)], ['released']],
        ['m1', '2026-06-01', 'hold', 'HK', 'Gucci', [reason('trademark', 72)], []],
        ['m1', '2026-06-01', 'release', 'CN', null, [], []],
        ['m2', '2026-06-02', 'hold', 'TR', null, [reason('keyword', 60)], ['seized']],
        ['m2', '2026-06-02', 'review', 'TR', 'Nike', [reason('trademark', 45)], []],
        ['m2', '2026-06-02', 'release', 'TR', null, [], []],
      ];
      let n = 0;
      for (const [manifest, day, decision, origin, marks, reasons, outcomes] of specs) {
        n++;
        const at = `${day}T10:00:00.000Z`;
        const [row] = await db.kysely.insertInto('parcels').values({
          manifest_id: manifest, operator_code: manifest === 'm1' ? 'OPA' : 'OPB', item_id: `IT${n}`, position: n, category: 'sale_of_goods', seller_name: 'S', data: '{}', revision: 1,
          status: 'screened', claimed_at: null, decision, risk_score: 50, decided_at: at, received_at: at, claim_token: null, registry_version: 1,
          customs_outcome: outcomes.at(-1) ?? null, origin_country: origin, marks, application_ids: null, confirm_by: null, personal_data_purged_at: null,
        }).returning('id').execute();
        await db.kysely.insertInto('decisions').values({ parcel_id: row!.id, parcel_revision: 1, registry_version: 1, decision, risk_score: 50, reasons: JSON.stringify(reasons), decided_at: at }).execute();
        for (const action of outcomes) await db.kysely.insertInto('outcomes').values({ parcel_id: row!.id, action, note: null, officer: 'customs:t', at }).execute();
      }
      const s = await consoleStatistics(db, { from: '2026-06-01', to: '2026-06-02' });
      expect([...s.perDay]).toEqual([
        ['2026-06-01', { hold: 3, review: 0, release: 1, pending: 0 }],
        ['2026-06-02', { hold: 1, review: 1, release: 1, pending: 0 }],
      ]);
      expect(s.origins.get('TR')).toEqual({ hold: 1, review: 1, release: 1, pending: 0 });
      expect(s.operators.get('OPA')).toEqual({ hold: 3, review: 0, release: 1, pending: 0 });
      expect(s.regimes.get('transit')).toEqual({ hold: 1, review: 1, release: 1, pending: 0 });
      expect(s.regimes.get('import')).toEqual({ hold: 3, review: 0, release: 1, pending: 0 });
      expect([...s.marks]).toEqual([['Nike', 3], ['Gucci', 2]]);
      expect([...s.seizuresByMark]).toEqual([['Nike', 1]]);
      const rules = new Map(s.rules.map((r) => [r.rule, r]));
      // trademark: 3 holds, 2 worked (destroyed, released), 1 stopped; keyword: 2 holds, both worked and stopped; origin weighed 0: not a rule of any hold.
      expect(rules.get('trademark')).toEqual({ rule: 'trademark', holds: 3, worked: 2, stopped: 1, precision: 0.5 });
      expect(rules.get('keyword')).toEqual({ rule: 'keyword', holds: 2, worked: 2, stopped: 2, precision: 1 });
      expect(rules.has('origin')).toBe(false);
      const narrow = await consoleStatistics(db, { from: '2026-06-02', to: '2026-06-02' });
      expect([...narrow.perDay.keys()]).toEqual(['2026-06-02']);
    });
  });
}
