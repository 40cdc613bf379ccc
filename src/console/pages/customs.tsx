/** @jsxImportSource hono/jsx */
/**
 * The customs officer's pages: the review queue (risk-sorted, filtered, keyset-paged, with bulk
 * actions confirmed once) and the case file (the parcel as declared and amended, the evidence in
 * words with the matched text highlighted, decisions, outcomes, the procedure's cases, and a form
 * offering only the next steps the state machine and the procedure allow).
 */
import type { Hono } from 'hono';
import { applicationsByIds } from '../../db/applications.ts';
import { queueCursor, reviewQueue, type QueueRow } from '../../db/review-queue.ts';
import { PAGE_SIZE, QueueForm, toFilter, type QueueParams } from '../queue-filter.ts';
import { REGIMES, type Parcel } from '../../domain/manifest.ts';
import { actor } from '../../http/access.ts';
import type { Reason } from '../../domain/decision.ts';
import { caseFile, type CaseFile } from '../../workflow/case-file.ts';
import { OUTCOME_ACTIONS, type OutcomeAction } from '../../domain/outcomes.ts';
import { recordOutcome, type RecordResult } from '../../workflow/record-outcome.ts';
import { caseStatusInWords, highlight, kindInWords, outcomeInWords, reasonInWords } from '../explain.ts';
import { formValues, problems, queryValues, text, texts } from '../forms.ts';
import type { ConsoleDeps } from '../deps.ts';
import { refusal } from '../ui.tsx';
import { onlyFor, type ConsoleEnv } from '../session.ts';
import { Csrf, DecisionBadge, due, Field, Notice, page, queryString, Radios, Select, TextArea, when } from '../ui.tsx';

/** At most this many parcels per bulk action: each is its own audited outcome. */
const BULK_MAX = 200;

function QueueFilters(props: { p: Partial<QueueParams> }) {
  const p = props.p;
  return (
    <form class="filters" method="get" action="/console/queue" role="search" aria-label="Filter the queue">
      <Field id="q" label="Item id or manifest reference" value={p.q} type="search" />
      <Select id="decision" label="Decision" value={p.decision} blank="hold and review" options={['hold', 'review']} />
      <Select id="status" label="Status" value={p.status ?? 'open'} options={[{ value: 'open', label: 'open' }, { value: 'overdue', label: 'release overdue' }, { value: 'closed', label: 'closed' }, { value: 'all', label: 'all' }]} />
      <Field id="operator" label="Operator" value={p.operator} />
      <Field id="mark" label="Mark" value={p.mark} />
      <Field id="origin" label="Origin" value={p.origin} hint="country code" />
      <Select id="regime" label="Regime" value={p.regime} blank="any" options={REGIMES} />
      <Field id="from" label="Received from" type="date" value={p.from} />
      <Field id="to" label="Received to" type="date" value={p.to} />
      <Field id="seller" label="Seller" value={p.seller} hint="exact name" />
      <button type="submit">Filter</button>
      <a class="button secondary" href="/console/queue">Clear</a>
    </form>
  );
}

function QueueTable(props: { rows: readonly QueueRow[] }) {
  return (
    <table>
      <caption>Flagged parcels, riskiest first</caption>
      <thead>
        <tr>
          <th scope="col">
            <input type="checkbox" id="select-all" data-select-all="ids" hidden />
            <label for="select-all" class="visually-hidden" hidden>Select every parcel on this page</label>
            <span aria-hidden="true">Select</span>
          </th>
          <th scope="col" class="num">Risk</th>
          <th scope="col">Decision</th>
          <th scope="col">Item id</th>
          <th scope="col">Manifest</th>
          <th scope="col">Operator</th>
          <th scope="col">Marks</th>
          <th scope="col">Origin</th>
          <th scope="col">Regime</th>
          <th scope="col">Seller</th>
          <th scope="col">Outcome</th>
          <th scope="col">Answer by</th>
          <th scope="col">Received</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>
              <input type="checkbox" name="ids" value={String(r.id)} id={`sel-${r.id}`} />
              <label for={`sel-${r.id}`} class="visually-hidden">{`Select ${r.item_id}`}</label>
            </td>
            <td class="num">{r.risk_score ?? ''}</td>
            <td><DecisionBadge decision={r.decision} /></td>
            <td><a href={`/console/parcels/${r.id}`}>{r.item_id}</a></td>
            <td>{r.manifest_ref}</td>
            <td>{r.operator_code}</td>
            <td>{r.marks ? r.marks.split(',').join(', ') : ''}</td>
            <td>{r.origin_country ?? ''}</td>
            <td>{r.regime}</td>
            <td>{r.seller_name}</td>
            <td>{r.customs_outcome ?? '—'}</td>
            <td>{r.confirm_by ? due(r.confirm_by) : ''}</td>
            <td>{when(r.received_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The parcel's declared data: every field, whatever the manifest carried, as path and value. */
function flatten(value: unknown, path = '', out: [string, string][] = []): [string, string][] {
  if (value === null || typeof value !== 'object') out.push([path, String(value)]);
  else if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  else for (const [k, v] of Object.entries(value)) flatten(v, path ? `${path}.${k}` : k, out);
  return out;
}

function Declared(props: { parcel: Parcel; reasons: readonly Reason[] }) {
  const { parcel, reasons } = props;
  return (
    <>
      <h3>Goods</h3>
      <table>
        <caption class="visually-hidden">Items of the parcel</caption>
        <thead>
          <tr><th scope="col">#</th><th scope="col">Description (matched words marked)</th><th scope="col">HS code</th><th scope="col" class="num">Quantity</th><th scope="col" class="num">Value</th><th scope="col">Origin</th></tr>
        </thead>
        <tbody>
          {parcel.items.map((item, i) => (
            <tr>
              <td>{i + 1}</td>
              <td>
                {highlight(item.description, `items[${i}].description`, reasons).map((piece) =>
                  piece.reason === null ? piece.text : (
                    <>
                      <mark aria-describedby={`reason-${piece.reason}`}>{piece.text}</mark>
                      <sup><a href={`#reason-${piece.reason}`} aria-label={`reason ${piece.reason}`}>{piece.reason}</a></sup>
                    </>
                  ),
                )}
              </td>
              <td>{item.hsCode}</td>
              <td class="num">{item.quantity}</td>
              <td class="num">{`${item.value} ${item.currency}`}</td>
              <td>{item.originCountry}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="grid2">
        <section aria-labelledby="seller-h">
          <h3 id="seller-h">Seller</h3>
          <p>
            {highlight(parcel.seller.name, 'seller.name', reasons).map((piece) => (piece.reason === null ? piece.text : <mark aria-describedby={`reason-${piece.reason}`}>{piece.text}</mark>))}
            {` (${parcel.seller.country ?? '—'})`}
          </p>
        </section>
        <section aria-labelledby="parties-h">
          <h3 id="parties-h">Sender and consignee</h3>
          <p>{`${parcel.sender.name}, ${parcel.sender.country}`}<br />{`${parcel.consignee.name}, ${parcel.consignee.country}`}</p>
        </section>
      </div>
      <details>
        <summary>Every declared field</summary>
        <table>
          <caption class="visually-hidden">Every declared field</caption>
          <thead><tr><th scope="col">Field</th><th scope="col">Value</th></tr></thead>
          <tbody>{flatten(parcel).map(([k, v]) => <tr><td>{k}</td><td>{v}</td></tr>)}</tbody>
        </table>
      </details>
    </>
  );
}

function Amendments(props: { file: CaseFile }) {
  const { revisions } = props.file;
  if (revisions.length === 0) return <p>Not amended: this is the parcel as first filed (revision 1).</p>;
  return (
    <table>
      <caption class="visually-hidden">Earlier versions of the parcel</caption>
      <thead><tr><th scope="col">Revision</th><th scope="col">Replaced</th><th scope="col">By</th><th scope="col">Goods then</th></tr></thead>
      <tbody>
        {revisions.map((r) => (
          <tr>
            <td>{r.revision}</td>
            <td>{when(r.replacedAt)}</td>
            <td>{r.replacedBy}</td>
            <td>{(r.parcel as Parcel).items.map((i) => `${i.quantity} × ${i.description} (${i.hsCode}, ${i.value} ${i.currency})`).join('; ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NextStep(props: { c: Parameters<typeof Csrf>[0]['c']; file: CaseFile; error?: string }) {
  const { file } = props;
  return (
    <section aria-labelledby="next-h">
      <h2 id="next-h">Next step</h2>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      {file.releaseDue ? <Notice kind="error">Release is due: no case still keeps these goods (see the cases above).</Notice> : null}
      {!file.destruction.allowed && file.cases.length > 0 ? (
        <p>
          {`Destruction is not offered: ${file.destruction.reason}`}
          {file.destruction.awaiting.length ? ` Awaiting: ${file.destruction.awaiting.join('; ')}.` : ''}
        </p>
      ) : null}
      {file.allowedNext.length === 0 ? (
        <p>Nothing more can happen to this parcel: {file.outcome ? `it was ${file.outcome}` : 'it has a final outcome'}.</p>
      ) : (
        <form method="post" action={`/console/parcels/${file.id}/outcome`}>
          <Csrf c={props.c} />
          <Radios name="action" legend="Record an outcome" required options={file.allowedNext.map((a) => ({ value: a, label: outcomeInWords(a) }))} {...(file.allowedNext.length === 1 ? { checked: file.allowedNext[0] } : {})} />
          <TextArea id="note" label="Note (optional)" hint="what you saw, where the goods are, the sample kept" />
          <button type="submit">Record</button>
        </form>
      )}
    </section>
  );
}

function CaseFilePage(props: { c: Parameters<typeof Csrf>[0]['c']; file: CaseFile; holders: Map<string, string>; done?: string; error?: string }) {
  const { file, holders } = props;
  const parcel = file.parcel as Parcel;
  const current = file.decisions.at(-1);
  const reasons = current?.reasons ?? [];
  return (
    <>
      {props.done ? <Notice kind="ok">{`Recorded: ${props.done}.`}</Notice> : null}
      <dl class="facts">
        <dt>Item id</dt><dd>{file.itemId}</dd>
        <dt>Decision</dt><dd><DecisionBadge decision={file.decision} />{file.riskScore !== null ? ` risk ${file.riskScore} of 100` : ''}</dd>
        <dt>Manifest</dt><dd>{`${file.manifest.manifestRef} · ${file.operator} · ${file.manifest.mode} ${file.manifest.regime} to ${file.manifest.destinationCountry}`}</dd>
        <dt>Registry version</dt><dd>{file.registryVersion ?? '—'}</dd>
        <dt>Outcome</dt><dd>{file.outcome ?? 'none yet'}</dd>
        <dt>Answers due by</dt><dd>{due(file.confirmBy)}</dd>
      </dl>

      <h2>The parcel as declared</h2>
      <Declared parcel={parcel} reasons={reasons} />

      <h2>Amendments</h2>
      <Amendments file={file} />

      <h2>Why it was flagged</h2>
      {reasons.length === 0 ? <p>No evidence: the parcel was released by screening.</p> : (
        <ol>
          {reasons.map((r, i) => (
            <li id={`reason-${i + 1}`}>
              <strong>{kindInWords(r.kind)}</strong>{r.mark ? ` — ${r.mark}` : ''}: {reasonInWords(r, holders)}
            </li>
          ))}
        </ol>
      )}

      <h2>Decision history</h2>
      <table>
        <caption class="visually-hidden">Every decision made on this parcel</caption>
        <thead><tr><th scope="col">Decided</th><th scope="col">Decision</th><th scope="col" class="num">Risk</th><th scope="col" class="num">Registry version</th><th scope="col" class="num">Parcel revision</th><th scope="col">Evidence</th></tr></thead>
        <tbody>
          {file.decisions.map((d) => (
            <tr><td>{when(d.decidedAt)}</td><td><DecisionBadge decision={d.decision} /></td><td class="num">{d.riskScore}</td><td class="num">{d.registryVersion}</td><td class="num">{d.parcelRevision}</td><td>{d.reasons.map((r) => `${kindInWords(r.kind)}${r.mark ? ` ${r.mark}` : ''} (${r.weight})`).join(', ') || '—'}</td></tr>
          ))}
        </tbody>
      </table>

      <h2>Outcomes so far</h2>
      {file.outcomes.length === 0 ? <p>None yet.</p> : (
        <table>
          <caption class="visually-hidden">Customs outcomes</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Outcome</th><th scope="col">Officer</th><th scope="col">Note</th></tr></thead>
          <tbody>{file.outcomes.map((o) => <tr><td>{when(o.at)}</td><td>{o.action}</td><td>{o.officer}</td><td>{o.note ?? ''}</td></tr>)}</tbody>
        </table>
      )}

      <h2>Procedure after detention</h2>
      {file.cases.length === 0 ? <p>No case: the parcel has not been detained, suspended or seized under an application.</p> : file.cases.map((k) => (
        <section aria-label={`Case ${k.id}`}>
          <h3>{`Case ${k.id}: application ${k.applicationId}${holders.get(k.applicationId) ? ` of ${holders.get(k.applicationId)}` : ''} — ${caseStatusInWords(k.status)}`}</h3>
          <dl class="facts">
            <dt>Procedure</dt><dd>{`${k.procedure === 'small_consignment' ? 'small consignment' : 'standard'}${k.perishable ? ', perishable goods' : ''}`}</dd>
            <dt>Deadline</dt><dd>{`${due(k.deadline.due)}${k.deadline.passed ? ' (passed)' : ''}${k.extended ? ', extended once' : ''}`}<br /><span class="hint">{`Rule: ${k.deadline.rule}`}</span></dd>
            <dt>Rights holder</dt><dd>{`infringement ${k.holder.confirmsInfringement === null ? 'not answered' : k.holder.confirmsInfringement ? 'confirmed' : 'denied'}; destruction ${k.holder.agreesToDestruction === null ? 'not answered' : k.holder.agreesToDestruction ? 'agreed' : 'refused'}${k.holder.requests.length ? `; asked for ${k.holder.requests.map((r) => r.what).join(', ')}` : ''}`}{k.holder.evidence.map((e) => <><br /><span class="hint">{`Evidence (${when(e.at)}): ${e.text}`}</span></>)}</dd>
            <dt>Declarant</dt><dd>{k.declarant ? `${k.declarant.deemed ? 'deemed to agree (silent until the deadline)' : k.declarant.answer === 'agrees' ? 'agrees to destruction' : `objects: ${k.declarant.reason ?? ''}`} (${when(k.declarant.at)})` : 'not answered'}</dd>
            <dt>Proceedings</dt><dd>{k.proceedings ? `${k.proceedings.reference} (${when(k.proceedings.at)})` : 'none'}</dd>
            <dt>Awaiting</dt><dd>{k.awaiting.length ? k.awaiting.join('; ') : 'nothing'}</dd>
            {k.releaseDue ? <><dt>Release due</dt><dd>{k.releaseDue.why}</dd></> : null}
          </dl>
          <details>
            <summary>{`Steps (${k.steps.length})`}</summary>
            <ul>{k.steps.map((s) => <li>{`${when(s.at)} ${s.step.replace(/_/g, ' ')} by ${s.actor}`}</li>)}</ul>
          </details>
        </section>
      ))}

      <NextStep c={props.c} file={file} {...(props.error ? { error: props.error } : {})} />
      <p><a href={`/console/audit?entity=parcel&entityId=${file.id}`}>This parcel in the audit trail</a> (administrators)</p>
    </>
  );
}

/** Holder names of the applications the parcel's reasons and cases name. */
async function holderNames(deps: ConsoleDeps, file: CaseFile): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const d of file.decisions) for (const r of d.reasons) if (r.applicationId) ids.add(r.applicationId);
  for (const k of file.cases) ids.add(k.applicationId);
  const rows = await applicationsByIds(deps.db.kysely, [...ids]);
  return new Map(rows.map((r) => [r.id, (JSON.parse(r.data) as { holder: { name: string } }).holder.name]));
}

function refusalInWords(result: Exclude<RecordResult, { ok: true }>): string {
  if (result.reason === 'not_found') return 'There is no such parcel.';
  if (result.reason === 'not_allowed') return `That step may not follow ${result.current ?? 'no outcome'}. Allowed now: ${result.allowed.map(outcomeInWords).join(', ') || 'nothing'}.`;
  const { refusal: r } = result.verdict;
  return `${r.message}${r.awaiting.length ? `. Awaiting: ${r.awaiting.join('; ')}` : ''}.`;
}

export function customsPages(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
  const { db, workflow } = deps;
  const customs = onlyFor(refusal, 'customs', 'admin');

  app.get('/queue', customs, async (c) => {
    const parsed = QueueForm.safeParse(queryValues(c));
    if (!parsed.success) {
      return page(c, { title: 'Review queue', children: <><QueueFilters p={{}} /><Notice kind="error">{`The filter is not valid: ${problems(parsed.error).join('; ')}`}</Notice></> }, 400);
    }
    const p = parsed.data;
    const rows = await reviewQueue(db, toFilter(p), workflow.clock().toISOString());
    const next = queueCursor(rows, PAGE_SIZE);
    const { after: _after, ...kept } = p;
    const back = `/console/queue${queryString({ ...kept, ...(p.after ? { after: p.after } : {}) })}`;
    return page(c, {
      title: 'Review queue',
      children: (
        <>
          <QueueFilters p={p} />
          <form method="post" action="/console/queue/bulk">
            <Csrf c={c} />
            <input type="hidden" name="back" value={back} />
            <p aria-live="polite">{rows.length === 0 ? 'No parcel matches.' : `${rows.length} parcels on this page${p.after ? ' (a later page)' : ''}.`}</p>
            {rows.length ? <QueueTable rows={rows} /> : null}
            <nav class="pager" aria-label="Pages">
              {p.after ? <a href={`/console/queue${queryString(kept)}`}>First page</a> : null}
              {next ? <a href={`/console/queue${queryString({ ...kept, after: `${next.riskScore}:${next.id}` })}`} rel="next">Next page</a> : null}
            </nav>
            {rows.length ? (
              <Radios name="action" legend="With the selected parcels" required options={[{ value: 'released', label: 'Release (e.g. all reviewed)' }, { value: 'detained', label: 'Detain (e.g. all from a watched seller)' }]}>
                <button type="submit">Continue…</button>
                <span class="hint"> You confirm on the next page.</span>
              </Radios>
            ) : null}
          </form>
        </>
      ),
    });
  });

  app.post('/queue/bulk', customs, async (c) => {
    const form = await formValues(c);
    const action = text(form, 'action');
    const ids = [...new Set(texts(form, 'ids').filter((v) => /^\d{1,15}$/.test(v)).map(Number))];
    const back = text(form, 'back').startsWith('/console/queue') ? text(form, 'back') : '/console/queue';
    if (action !== 'released' && action !== 'detained') return refusal(c, 422, 'Choose what to do with the selected parcels: release or detain.');
    if (ids.length === 0) return refusal(c, 422, 'Select at least one parcel.');
    if (ids.length > BULK_MAX) return refusal(c, 422, `Select at most ${BULK_MAX} parcels at once.`);
    if (text(form, 'confirm') !== 'yes') {
      return page(c, {
        title: `${outcomeInWords(action)} ${ids.length} parcels?`,
        children: (
          <form method="post" action="/console/queue/bulk">
            <Csrf c={c} />
            <input type="hidden" name="action" value={action} />
            <input type="hidden" name="confirm" value="yes" />
            <input type="hidden" name="back" value={back} />
            {ids.map((id) => <input type="hidden" name="ids" value={String(id)} />)}
            <p>{`Each parcel gets its own outcome “${action}”, in the audit trail under your name. Parcels the state machine does not allow it for are left as they are and listed afterwards.`}</p>
            <TextArea id="note" label="Note for every parcel (optional)" />
            <button type="submit" class={action === 'detained' ? 'danger' : ''}>{`Confirm: ${outcomeInWords(action).toLowerCase()} ${ids.length} parcels`}</button>{' '}
            <a class="button secondary" href={back}>Cancel</a>
          </form>
        ),
      });
    }
    const note = text(form, 'note') || null;
    const results: { id: number; outcome: string }[] = [];
    for (const id of ids) {
      const result = await recordOutcome(db, id, action as OutcomeAction, note, actor(c.get('principal')), workflow);
      results.push({ id, outcome: result.ok ? `${action}` : `not recorded: ${refusalInWords(result)}` });
    }
    const done = results.filter((r) => r.outcome === action).length;
    return page(c, {
      title: 'Bulk action done',
      children: (
        <>
          <Notice kind={done === ids.length ? 'ok' : 'error'}>{`${done} of ${ids.length} parcels ${action}.`}</Notice>
          <table>
            <caption class="visually-hidden">What happened to each parcel</caption>
            <thead><tr><th scope="col">Parcel</th><th scope="col">Result</th></tr></thead>
            <tbody>{results.map((r) => <tr><td><a href={`/console/parcels/${r.id}`}>{`Parcel ${r.id}`}</a></td><td>{r.outcome}</td></tr>)}</tbody>
          </table>
          <p><a href={back}>Back to the queue</a></p>
        </>
      ),
    });
  });

  const showFile = async (c: Parameters<typeof refusal>[0], id: number, extra: { done?: string; error?: string }, status: 200 | 409 | 422 = 200) => {
    const file = await caseFile(db, id, workflow);
    if (!file) return refusal(c, 404, 'There is no such parcel.');
    return page(c, { title: `Case file: parcel ${file.itemId}`, children: <CaseFilePage c={c} file={file} holders={await holderNames(deps, file)} {...extra} /> }, status);
  };

  app.get('/parcels/:id', customs, async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) return refusal(c, 404, 'There is no such parcel.');
    const done = c.req.query('done');
    return showFile(c, id, done && (OUTCOME_ACTIONS as readonly string[]).includes(done) ? { done: outcomeInWords(done).toLowerCase() } : {});
  });

  app.post('/parcels/:id/outcome', customs, async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) return refusal(c, 404, 'There is no such parcel.');
    const form = await formValues(c);
    const action = text(form, 'action');
    if (!(OUTCOME_ACTIONS as readonly string[]).includes(action)) return showFile(c, id, { error: 'Choose one of the steps offered.' }, 422);
    const note = text(form, 'note');
    if (note.length > 2000) return showFile(c, id, { error: 'The note may have at most 2,000 characters.' }, 422);
    const result = await recordOutcome(db, id, action as OutcomeAction, note || null, actor(c.get('principal')), workflow);
    if (!result.ok && result.reason === 'not_found') return refusal(c, 404, 'There is no such parcel.');
    if (!result.ok) return showFile(c, id, { error: `Not recorded: ${refusalInWords(result)}` }, 409);
    return c.redirect(`/console/parcels/${id}?done=${action}`, 303);
  });
}

