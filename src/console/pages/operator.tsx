/** @jsxImportSource hono/jsx */
/**
 * The operator's pages: its manifests (newest first, found by reference or by item id), a manifest's parcels with each decision and the instruction it carries
 * (hold at the office of exchange, await customs, may be delivered), a parcel as declared with its
 * amendments and decisions (without the holders' evidence, as in the API), and the declarant's
 * answer on a detained parcel. Another operator's manifest answers 404.
 */
import type { Hono } from 'hono';
import { findManifest, findParcelWithHistory, listManifestParcels, manifestCounts } from '../../db/manifests.ts';
import { lastOutcomes } from '../../db/outcomes.ts';
import { findParcelsByItemId, listManifests } from '../../db/manifest-lookup.ts';
import { DeclarantResponseSchema } from '../../http/case-contract.ts';
import { actor, operatorScope } from '../../http/access.ts';
import { instructionFor } from '../../domain/events.ts';
import { fieldErrors, normaliseItemIdParam, type Parcel } from '../../domain/manifest.ts';
import { answerAsDeclarant } from '../../workflow/cases.ts';
import { formValues, queryValues, text } from '../forms.ts';
import type { ConsoleDeps } from '../deps.ts';
import { refusal } from '../ui.tsx';
import { onlyFor, type ConsoleEnv } from '../session.ts';
import { ChoiceForm, DecisionBadge, Field, Notice, page, queryString, when } from '../ui.tsx';

/** What the operator does with a parcel, from its screening decision and customs' last outcome. */
export function instruction(decision: string | null, outcome: string | null): string {
  if (outcome) return instructionFor(outcome);
  if (decision === 'hold') return 'hold at the office of exchange: do not deliver';
  if (decision === 'review') return 'await customs before delivering';
  if (decision === 'release') return 'may be delivered';
  return 'being screened';
}

const PAGE = 100;
const MANIFEST_PAGE = 50;

export function operatorPages(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
  const { db, workflow } = deps;
  const operators = onlyFor(refusal, 'operator', 'customs', 'admin');

  app.get('/manifests', operators, async (c) => {
    const q = queryValues(c);
    const scope = operatorScope(c.get('principal'));
    const cursor = q.after ? /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)~([\w-]{1,64})$/.exec(q.after) : null;
    const ref = q.ref?.slice(0, 100);
    const item = q.item?.slice(0, 60);
    const found = item ? await findParcelsByItemId(db, normaliseItemIdParam(item), scope) : null;
    const manifests = found ? [] : await listManifests(db, { operatorCode: scope, ...(ref ? { manifestRef: ref } : {}), ...(cursor ? { after: { at: cursor[1]!, id: cursor[2]! } } : {}), limit: MANIFEST_PAGE });
    const last = manifests.at(-1);
    return page(c, {
      title: scope ? `Manifests of ${scope}` : 'Manifests',
      children: (
        <>
          <form class="filters" method="get" action="/console/manifests" role="search" aria-label="Find a manifest or a parcel">
            <Field id="ref" label="Manifest reference" value={ref} />
            <Field id="item" label="Item id" value={item} />
            <button type="submit">Find</button>
            <a class="button secondary" href="/console/manifests">Clear</a>
          </form>
          {found ? (
            found.length === 0 ? <p>No parcel with this item id.</p> : (
              <table>
                <caption>Parcels with this item id</caption>
                <thead><tr><th scope="col">Item id</th><th scope="col">Manifest</th><th scope="col">Decision</th><th scope="col">Outcome</th><th scope="col">Instruction</th></tr></thead>
                <tbody>{found.map((p) => <tr><td><a href={`/console/manifests/${p.manifestId}/parcels/${encodeURIComponent(p.itemId)}`}>{p.itemId}</a></td><td>{p.manifestRef}</td><td><DecisionBadge decision={p.decision} /></td><td>{p.outcome ?? '—'}</td><td>{instruction(p.decision, p.outcome)}</td></tr>)}</tbody>
              </table>
            )
          ) : manifests.length === 0 ? <p>No manifest.</p> : (
            <table>
              <caption>Manifests, newest first</caption>
              <thead><tr><th scope="col">Reference</th>{scope ? null : <th scope="col">Operator</th>}<th scope="col">Mode</th><th scope="col">Regime</th><th scope="col">Destination</th><th scope="col">Received</th></tr></thead>
              <tbody>{manifests.map((m) => <tr><td><a href={`/console/manifests/${m.manifestId}`}>{m.manifestRef}</a></td>{scope ? null : <td>{m.operator}</td>}<td>{m.mode}</td><td>{m.regime}</td><td>{m.destinationCountry}</td><td>{when(m.receivedAt)}</td></tr>)}</tbody>
            </table>
          )}
          <nav class="pager" aria-label="Pages">
            {q.after ? <a href="/console/manifests">Newest</a> : null}
            {manifests.length === MANIFEST_PAGE && last ? <a rel="next" href={`/console/manifests${queryString({ ref, after: `${last.receivedAt}~${last.manifestId}` })}`}>Older</a> : null}
          </nav>
        </>
      ),
    });
  });

  app.get('/manifests/:id', operators, async (c) => {
    const manifest = await findManifest(db, c.req.param('id'), operatorScope(c.get('principal')));
    if (!manifest) return refusal(c, 404, 'There is no such manifest.');
    const raw = c.req.query('after') ?? '';
    const after = /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
    const decision = c.req.query('decision');
    const filter = decision === 'hold' || decision === 'review' || decision === 'release' ? { decision: decision as 'hold' | 'review' | 'release' } : {};
    const [counts, items] = [await manifestCounts(db, manifest.id), await listManifestParcels(db, manifest.id, { ...filter, after, limit: PAGE })];
    const outcomes = await lastOutcomes(db.kysely, items.map((p) => p.id));
    return page(c, {
      title: `Manifest ${manifest.manifest_ref}`,
      children: (
        <>
          <dl class="facts">
            <dt>Operator</dt><dd>{manifest.operator_code}</dd>
            <dt>Filed</dt><dd>{`${when(manifest.received_at)} · ${manifest.mode} ${manifest.regime} to ${manifest.destination_country}`}</dd>
            <dt>Parcels</dt><dd>{`${counts.parcels}: ${Object.entries(counts.byDecision).map(([k, n]) => `${n} ${k}`).join(', ') || 'none decided yet'}`}</dd>
          </dl>
          <nav aria-label="Decision filter" class="pager">
            <a href={`/console/manifests/${manifest.id}`}>All</a>
            <a href={`/console/manifests/${manifest.id}?decision=hold`}>Held</a>
            <a href={`/console/manifests/${manifest.id}?decision=review`}>In review</a>
            <a href={`/console/manifests/${manifest.id}?decision=release`}>Released</a>
          </nav>
          <table>
            <caption>Decisions and instructions</caption>
            <thead><tr><th scope="col">Item id</th><th scope="col">Decision</th><th scope="col">Customs outcome</th><th scope="col">Instruction</th><th scope="col" class="num">Revision</th></tr></thead>
            <tbody>
              {items.map((p) => (
                <tr>
                  <td><a href={`/console/manifests/${manifest.id}/parcels/${encodeURIComponent(p.itemId)}`}>{p.itemId}</a></td>
                  <td><DecisionBadge decision={p.decision} /></td>
                  <td>{outcomes.get(p.id) ?? '—'}</td>
                  <td>{instruction(p.decision, outcomes.get(p.id) ?? null)}</td>
                  <td class="num">{p.revision}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Pages">
            {after ? <a href={`/console/manifests/${manifest.id}`}>First page</a> : null}
            {items.length === PAGE ? <a rel="next" href={`/console/manifests/${manifest.id}?after=${items.at(-1)!.id}${decision ? `&decision=${decision}` : ''}`}>Next page</a> : null}
          </nav>
        </>
      ),
    });
  });

  const showParcel = async (c: Parameters<typeof refusal>[0], manifestId: string, rawItem: string, notice?: { kind: 'ok' | 'error'; text: string }, status: 200 | 409 | 422 = 200) => {
    const p = c.get('principal');
    const manifest = await findManifest(db, manifestId, operatorScope(p));
    if (!manifest) return refusal(c, 404, 'There is no such manifest.');
    const parcel = await findParcelWithHistory(db, manifest.id, normaliseItemIdParam(rawItem));
    if (!parcel) return refusal(c, 404, 'There is no such parcel in this manifest.');
    const declared = parcel.parcel as Parcel;
    const outcome = (await lastOutcomes(db.kysely, [parcel.id])).get(parcel.id) ?? null;
    const detained = outcome !== null && !['released', 'destroyed', 'returned'].includes(outcome);
    return page(c, {
      title: `Parcel ${parcel.itemId}`,
      children: (
        <>
          {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
          <dl class="facts">
            <dt>Manifest</dt><dd><a href={`/console/manifests/${manifest.id}`}>{manifest.manifest_ref}</a></dd>
            <dt>Decision</dt><dd><DecisionBadge decision={parcel.decision} /></dd>
            <dt>Customs outcome</dt><dd>{outcome ?? '—'}</dd>
            <dt>Instruction</dt><dd>{instruction(parcel.decision, outcome)}</dd>
          </dl>
          <h2>Declared goods</h2>
          <ul>{declared.items.map((i) => <li>{`${i.quantity} × ${i.description} (${i.hsCode}, ${i.value} ${i.currency})`}</li>)}</ul>
          <h2>Amendments</h2>
          {parcel.revisions.length === 0 ? <p>Not amended.</p> : (
            <ul>{parcel.revisions.map((h) => <li>{`revision ${h.revision}, replaced ${when(h.replacedAt)}: ${h.parcel.items.map((i) => i.description).join('; ')}`}</li>)}</ul>
          )}
          <h2>Decisions</h2>
          <table>
            <caption class="visually-hidden">Decisions</caption>
            <thead><tr><th scope="col">Decided</th><th scope="col">Decision</th><th scope="col" class="num">Registry version</th><th scope="col" class="num">Revision</th></tr></thead>
            <tbody>{parcel.decisions.map((d) => <tr><td>{when(d.decidedAt)}</td><td><DecisionBadge decision={d.decision} /></td><td class="num">{d.registryVersion}</td><td class="num">{d.parcelRevision}</td></tr>)}</tbody>
          </table>
          {p.role === 'operator' && detained ? (
            <section aria-labelledby="declarant-h">
              <h2 id="declarant-h">The declarant's answer</h2>
              <p>Customs detained this parcel on suspicion that it infringes a right. You may agree to its destruction or object; silence until the deadline counts as agreement.</p>
              <ChoiceForm c={c} action={`/console/manifests/${manifest.id}/parcels/${encodeURIComponent(parcel.itemId)}/declarant`} name="answer" legend="Answer" options={[{ value: 'agrees', label: 'Agree to destruction' }, { value: 'objects', label: 'Object' }]} reasonLabel="Reason (required to object)" submit="Send the answer" />
            </section>
          ) : null}
        </>
      ),
    }, status);
  };

  app.get('/manifests/:id/parcels/:itemId', operators, (c) => showParcel(c, c.req.param('id'), c.req.param('itemId'), c.req.query('done') ? { kind: 'ok', text: 'Your answer was recorded.' } : undefined));

  app.post('/manifests/:id/parcels/:itemId/declarant', onlyFor(refusal, 'operator'), async (c) => {
    const form = await formValues(c);
    const answer = { answer: text(form, 'answer'), ...(text(form, 'reason') ? { reason: text(form, 'reason') } : {}) };
    const parsed = DeclarantResponseSchema.safeParse(answer);
    const manifestId = c.req.param('id');
    const itemId = c.req.param('itemId');
    if (!parsed.success) return showParcel(c, manifestId, itemId, { kind: 'error', text: `Not sent: ${fieldErrors(parsed.error).map((e) => `${e.path}: ${e.message}`).join('; ')}` }, 422);
    const p = c.get('principal');
    const result = await answerAsDeclarant(db, { manifestId, itemId: normaliseItemIdParam(itemId), operatorCode: p.operatorCode! }, parsed.data, actor(p), workflow);
    if (!result.ok && result.reason === 'not_found') return refusal(c, 404, 'There is no such parcel in this manifest.');
    if (!result.ok) return showParcel(c, manifestId, itemId, { kind: 'error', text: `Not recorded: ${result.refusal.message}.` }, 409);
    return c.redirect(`/console/manifests/${manifestId}/parcels/${encodeURIComponent(itemId)}?done=1`, 303);
  });
}
