/**
 * Learning from outcomes: when customs detains or seizes a parcel whose trademark evidence was not
 * the mark as registered (a disguise or a knock-off spelling), that spelling becomes a learnt alias
 * of the application, with its provenance, in the same transaction as the outcome; the caller
 * publishes the registry version that carries it, so the next parcel with it is held at once.
 * Customs lists and removes learnt aliases; every change is audited.
 */
import { audit } from '../db/audit.ts';
import type { Db } from '../db/connect.ts';
import { findApplication } from '../db/applications.ts';
import { addLearntAlias, latestDecisionReasons, removeLearntAlias, type LearntAliasRecord } from '../db/learnt-aliases.ts';
import { ReasonSchema } from '../domain/decision.ts';
import { analyseText } from '../screening/normalize.ts';
import type { StoredApplicationForm } from '../domain/registry-forms.ts';
import { inRegistryTransaction, publishChange, type Published } from './publish.ts';
import type { Outcome, RegistrySettings } from './service.ts';
import type { Tx } from '../db/transaction.ts';

/** A spelling as written, folded only for case and accents, across scripts: "Nike" and "NIKE" are one, "N1ke" is another. */
function spelling(text: string): string {
  const { tokens, runs } = analyseText(text);
  return tokens.map((t) => t.plain).join('') + runs.map((r) => r.text).join('');
}

/**
 * The disguised spellings a decided parcel's trademark reasons matched, learnt as aliases of their
 * applications. Returns those newly stored (a spelling already learnt is not stored twice).
 */
export async function learnFromOutcome(trx: Tx, parcel: { id: number; itemId: string }, officer: string, at: string): Promise<LearntAliasRecord[]> {
  const stored = await latestDecisionReasons(trx, parcel.id);
  if (!stored) return [];
  const parsed = ReasonSchema.array().safeParse(JSON.parse(stored));
  if (!parsed.success) return [];
  const learnt: LearntAliasRecord[] = [];
  const names = new Map<string, Set<string> | null>();
  for (const r of parsed.data) {
    if (r.kind !== 'trademark' || r.weight <= 0 || !r.applicationId || !r.mark) continue;
    let known = names.get(`${r.applicationId}:${r.mark}`);
    if (known === undefined) {
      const row = await findApplication(trx, r.applicationId, null);
      const tm = row ? (JSON.parse(row.data) as StoredApplicationForm).trademarks.find((t) => t.mark === r.mark) : undefined;
      known = tm ? new Set([tm.mark, ...tm.aliases].map(spelling)) : null;
      names.set(`${r.applicationId}:${r.mark}`, known);
    }
    // The registered name itself, or an application that is gone: nothing to learn.
    if (known === null || known.has(spelling(r.matched)) || spelling(r.matched) === '') continue;
    const record: LearntAliasRecord = { applicationId: r.applicationId, mark: r.mark, alias: r.matched, parcelId: parcel.id, itemId: parcel.itemId, officer, learntAt: at };
    if (await addLearntAlias(trx, record)) {
      learnt.push(record);
      await audit(trx, { actor: officer, action: 'learnt-alias.added', entity: 'application', entityId: r.applicationId, after: record });
    }
  }
  return learnt;
}

/** Removes a learnt alias (by its spelling) and publishes the registry without it. */
export async function forgetLearntAlias(db: Db, applicationId: string, alias: string, by: string, settings: RegistrySettings): Promise<Outcome<{ removed: LearntAliasRecord[]; published: Published }>> {
  return inRegistryTransaction(db, async (trx) => {
    if (!(await findApplication(trx, applicationId, null))) return { ok: false, reason: 'not_found', message: 'no such application' };
    const removed = await removeLearntAlias(trx, applicationId, alias);
    if (removed.length === 0) return { ok: false, reason: 'not_found', message: `no learnt alias "${alias}" on this application` };
    const published = await publishChange(trx, { by, note: `learnt alias "${alias}" of ${applicationId} removed`, audit: [{ actor: by, action: 'learnt-alias.removed', entity: 'application', entityId: applicationId, before: removed }] }, settings);
    return { ok: true, value: { removed, published } };
  });
}
