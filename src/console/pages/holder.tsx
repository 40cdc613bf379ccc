/** @jsxImportSource hono/jsx */
/**
 * The rights holder's cases: its own only (another holder's case answers 404, as in the API),
 * each with the goods, the trademark evidence highlighted in the declared text, the deadline and
 * its rule, the answers so far, and the answer form (confirm, agree to destruction, ask for a
 * sample or images, ask for the one extension, record proceedings, add evidence).
 */
import type { Hono } from 'hono';
import { CASE_STATUSES } from '../../domain/case-procedure.ts';
import { HolderResponseSchema } from '../../http/case-contract.ts';
import { actor, holderScope } from '../../http/access.ts';
import { fieldErrors } from '../../domain/manifest.ts';
import { answerAsHolder, getCase, listCasesFor, type CaseDetail } from '../../workflow/cases.ts';
import { caseStatusInWords, highlight } from '../explain.ts';
import { formValues, text, texts } from '../forms.ts';
import type { ConsoleDeps } from '../deps.ts';
import { refusal } from '../ui.tsx';
import { onlyFor, type ConsoleEnv } from '../session.ts';
import { Csrf, due, Field, Notice, page, Select, TextArea, when } from '../ui.tsx';

function AnswerForm(props: { c: Parameters<typeof Csrf>[0]['c']; k: CaseDetail }) {
  const { k } = props;
  const yesNo = (name: string, legend: string, answered: boolean | null) => (
    <fieldset>
      <legend>{legend}</legend>
      {answered !== null ? <p class="hint">{`Already answered: ${answered ? 'yes' : 'no'}.`}</p> : null}
      <div class="radios">
        <label><input type="radio" name={name} value="" checked /> No answer now</label>
        <label><input type="radio" name={name} value="yes" /> Yes</label>
        <label><input type="radio" name={name} value="no" /> No</label>
      </div>
    </fieldset>
  );
  return (
    <form method="post" action={`/console/cases/${k.id}/answer`}>
      <Csrf c={props.c} />
      {yesNo('confirmsInfringement', 'Do you confirm the goods infringe your right?', k.holder.confirmsInfringement)}
      {k.procedure === 'standard' ? yesNo('agreesToDestruction', 'Do you agree to their destruction?', k.holder.agreesToDestruction) : null}
      <fieldset>
        <legend>Requests</legend>
        <label><input type="checkbox" name="requests" value="sample" /> A sample of the goods</label><br />
        <label><input type="checkbox" name="requests" value="images" /> Images of the goods</label><br />
        {!k.extended && !k.perishable && k.procedure === 'standard' ? <label><input type="checkbox" name="extension" value="yes" /> Extend the period once, by the same number of working days</label> : <span class="hint">No extension is possible on this case.</span>}
      </fieldset>
      <TextArea id="evidence" label="Evidence (optional)" hint="what shows the goods are not genuine" />
      <Field id="proceedings" label="Proceedings started: court or case reference (optional)" />
      <button type="submit">Send the answer</button>
    </form>
  );
}

function CasePage(props: { c: Parameters<typeof Csrf>[0]['c']; k: CaseDetail }) {
  const { k } = props;
  return (
    <>
      <dl class="facts">
        <dt>Status</dt><dd>{caseStatusInWords(k.status)}</dd>
        <dt>Parcel</dt><dd>{`${k.parcelRef}, from ${k.origin ?? 'unknown origin'}, stopped at ${k.place}`}</dd>
        <dt>Application</dt><dd><a href={`/console/applications/${encodeURIComponent(k.applicationId)}`}>{k.applicationId}</a></dd>
        <dt>Procedure</dt><dd>{`${k.procedure === 'small_consignment' ? 'small consignment' : 'standard'}${k.perishable ? ', perishable goods' : ''}`}</dd>
        <dt>Notified</dt><dd>{when(k.notifiedAt)}</dd>
        <dt>Deadline</dt><dd>{`${due(k.deadline.due)}${k.deadline.passed ? ' (passed)' : ''}${k.extended ? ', extended once' : ''}`}<br /><span class="hint">{`Rule: ${k.deadline.rule}`}</span></dd>
        <dt>Awaiting</dt><dd>{k.awaiting.length ? k.awaiting.join('; ') : 'nothing'}</dd>
        <dt>Destruction</dt><dd>{k.destruction.allowed ? 'may proceed' : `not yet: ${k.destruction.reason}`}</dd>
        {k.releaseDue ? <><dt>Release due</dt><dd>{k.releaseDue.why}</dd></> : null}
      </dl>
      <h2>Goods and evidence</h2>
      <table>
        <caption class="visually-hidden">Goods, with the words that matched your marks</caption>
        <thead><tr><th scope="col">Description (matched words marked)</th><th scope="col" class="num">Quantity</th><th scope="col">HS code</th></tr></thead>
        <tbody>
          {k.goods.map((g, i) => (
            <tr>
              <td>{highlight(g.description, `items[${i}].description`, k.evidence).map((piece) => (piece.reason === null ? piece.text : <mark>{piece.text}</mark>))}</td>
              <td class="num">{g.quantity}</td>
              <td>{g.hsCode}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>{k.evidence.map((e) => <li>{`“${e.matched}” read as ${e.mark ?? 'your mark'}${e.similarity !== undefined ? ` (similarity ${Math.round(e.similarity * 100)} %)` : ''}: ${e.note}`}</li>)}</ul>
      <h2>Answers so far</h2>
      <dl class="facts">
        <dt>Yours</dt><dd>{`infringement ${k.holder.confirmsInfringement === null ? 'not answered' : k.holder.confirmsInfringement ? 'confirmed' : 'denied'}; destruction ${k.holder.agreesToDestruction === null ? 'not answered' : k.holder.agreesToDestruction ? 'agreed' : 'refused'}`}</dd>
        <dt>Declarant</dt><dd>{k.declarant ? `${k.declarant.deemed ? 'deemed to agree (silent until the deadline)' : k.declarant.answer} (${when(k.declarant.at)})` : 'not answered'}</dd>
        <dt>Proceedings</dt><dd>{k.proceedings ? k.proceedings.reference : 'none'}</dd>
      </dl>
      <details>
        <summary>{`Steps (${k.steps.length})`}</summary>
        <ul>{k.steps.map((s) => <li>{`${when(s.at)} ${s.step.replace(/_/g, ' ')} by ${s.actor}`}</li>)}</ul>
      </details>
      {k.status === 'closed' ? null : <><h2>Your answer</h2><AnswerForm c={props.c} k={k} /></>}
    </>
  );
}

const yesNo = (v: string) => (v === 'yes' ? true : v === 'no' ? false : undefined);

export function holderPages(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
  const { db, workflow } = deps;
  const readers = onlyFor(refusal, 'rightsholder', 'customs', 'admin');

  app.get('/cases', readers, async (c) => {
    const status = c.req.query('status');
    const filter = (CASE_STATUSES as readonly (string | undefined)[]).includes(status) ? { status: status as (typeof CASE_STATUSES)[number] } : {};
    const items = await listCasesFor(db, holderScope(c.get('principal')), { ...filter, limit: 500 }, workflow);
    return page(c, {
      title: c.get('principal').role === 'rightsholder' ? 'Your cases' : 'Cases',
      children: (
        <>
          <form class="filters" method="get" action="/console/cases" aria-label="Filter cases">
            <Select id="status" label="Status" value={status} blank="any" options={CASE_STATUSES.map((s) => ({ value: s, label: caseStatusInWords(s) }))} />
            <button type="submit">Filter</button>
          </form>
          {items.length === 0 ? <p>No case.</p> : (
            <table>
              <caption class="visually-hidden">Cases</caption>
              <thead><tr><th scope="col">Case</th><th scope="col">Parcel</th><th scope="col">Application</th><th scope="col">Status</th><th scope="col">Deadline</th><th scope="col">Goods</th></tr></thead>
              <tbody>
                {items.map((k) => (
                  <tr>
                    <td><a href={`/console/cases/${k.id}`}>{`Case ${k.id}`}</a></td>
                    <td>{k.parcelRef}</td>
                    <td>{k.applicationId}</td>
                    <td>{caseStatusInWords(k.status)}</td>
                    <td>{`${due(k.deadline.due)}${k.deadline.passed ? ' (passed)' : ''}`}</td>
                    <td>{k.goods.map((g) => `${g.quantity} × ${g.description}`).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ),
    });
  });

  const show = async (c: Parameters<typeof refusal>[0], raw: string, notice?: { kind: 'ok' | 'error'; text: string }, status: 200 | 409 | 422 = 200) => {
    const id = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
    const k = id === null ? null : await getCase(db, id, holderScope(c.get('principal')), workflow);
    if (!k) return refusal(c, 404, 'There is no such case.');
    return page(c, { title: `Case ${k.id}: parcel ${k.parcelRef}`, children: <>{notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}<CasePage c={c} k={k} /></> }, status);
  };

  app.get('/cases/:id', readers, (c) => show(c, c.req.param('id'), c.req.query('done') ? { kind: 'ok', text: 'Your answer was recorded.' } : undefined));

  app.post('/cases/:id/answer', onlyFor(refusal, 'rightsholder'), async (c) => {
    const form = await formValues(c);
    const raw = c.req.param('id');
    const requests = texts(form, 'requests');
    const answer = {
      ...(yesNo(text(form, 'confirmsInfringement')) !== undefined ? { confirmsInfringement: yesNo(text(form, 'confirmsInfringement')) } : {}),
      ...(yesNo(text(form, 'agreesToDestruction')) !== undefined ? { agreesToDestruction: yesNo(text(form, 'agreesToDestruction')) } : {}),
      ...(requests.length ? { requests } : {}),
      ...(text(form, 'extension') === 'yes' ? { extension: true } : {}),
      ...(text(form, 'evidence') ? { evidence: text(form, 'evidence') } : {}),
      ...(text(form, 'proceedings') ? { proceedingsStarted: { reference: text(form, 'proceedings') } } : {}),
    };
    const parsed = HolderResponseSchema.safeParse(answer);
    if (!parsed.success) return show(c, raw, { kind: 'error', text: `Not sent: ${fieldErrors(parsed.error).map((e) => `${e.path || 'answer'}: ${e.message}`).join('; ')}` }, 422);
    const id = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
    if (id === null) return refusal(c, 404, 'There is no such case.');
    const { proceedingsStarted, ...rest } = parsed.data;
    const p = c.get('principal');
    const result = await answerAsHolder(db, id, holderScope(p), { ...rest, ...(proceedingsStarted ? { proceedingsReference: proceedingsStarted.reference } : {}) }, actor(p), workflow);
    if (!result.ok && result.reason === 'not_found') return refusal(c, 404, 'There is no such case.');
    if (!result.ok) return show(c, raw, { kind: 'error', text: `Not recorded: ${result.refusal.message}${result.refusal.awaiting.length ? `. Awaiting: ${result.refusal.awaiting.join('; ')}` : ''}.` }, 409);
    return c.redirect(`/console/cases/${id}?done=1`, 303);
  });
}
