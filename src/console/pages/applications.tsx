/** @jsxImportSource hono/jsx */
/**
 * Applications for action in the console: a rights holder lodges, follows and renews its own
 * (another holder's answers 404); customs and admins list them all and accept or reject the
 * submitted ones. The forms build the same objects the API validates, with the same schemas.
 */
import type { Hono } from 'hono';
import { applicationHistory, findApplication, listApplications, toRecord, type ApplicationRecord } from '../../db/applications.ts';
import { today } from '../../domain/dates.ts';
import { fieldErrors } from '../../domain/manifest.ts';
import { actor, holderScope } from '../../http/access.ts';
import { ApplicationDecisionSchema, ApplicationFormSchema, RenewalSchema } from '../../domain/registry-forms.ts';
import { decideApplication, renewApplication, submitApplication } from '../../registry/service.ts';
import { formValues, lines, text, type FormData } from '../forms.ts';
import type { ConsoleDeps } from '../deps.ts';
import { refusal } from '../ui.tsx';
import { onlyFor, type ConsoleEnv } from '../session.ts';
import { ChoiceForm, Csrf, Field, Notice, page, Select, TextArea, when } from '../ui.tsx';

const STATUSES = ['submitted', 'accepted', 'rejected', 'expired'] as const;
const csv = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

/** The lodging form's fields, as the API's JSON: one trademark in fields, more as `mark | aliases | HS codes | registration | jurisdiction` lines. */
function applicationFromForm(form: FormData) {
  const trademarks = [
    { mark: text(form, 'mark'), aliases: csv(text(form, 'aliases')), hsCodes: csv(text(form, 'hsCodes')), registration: text(form, 'registration') || undefined, jurisdiction: text(form, 'jurisdiction') || undefined },
    ...lines(form, 'moreTrademarks').map((line) => {
      const [mark = '', aliases = '', hs = '', registration = '', jurisdiction = ''] = line.split('|').map((p) => p.trim());
      return { mark, aliases: csv(aliases), hsCodes: csv(hs), registration: registration || undefined, jurisdiction: jurisdiction || undefined };
    }),
  ];
  const priceFloors = lines(form, 'priceFloors').map((line) => {
    const [hsCode = '', value = '', currency = ''] = line.split(/\s+/);
    return { hsCode, value: Number(value), currency };
  });
  return {
    holder: { name: text(form, 'holderName'), contact: text(form, 'contact') },
    trademarks,
    authorizedSellers: lines(form, 'authorizedSellers'),
    distributors: lines(form, 'distributors'),
    priceFloors,
    authenticProductNotes: text(form, 'authenticProductNotes') || undefined,
    evidence: lines(form, 'evidence'),
    requestedValidUntil: text(form, 'requestedValidUntil') || undefined,
    perishableGoods: text(form, 'perishableGoods') === 'yes',
    smallConsignmentProcedure: text(form, 'smallConsignmentProcedure') === 'yes',
  };
}

function Errors(props: { errors: { path: string; message: string }[] }) {
  return (
    <Notice kind="error">
      <p>The application was not lodged. Please correct:</p>
      <ul>{props.errors.map((e) => <li>{`${e.path || 'form'}: ${e.message}`}</li>)}</ul>
    </Notice>
  );
}

function LodgeForm(props: { c: Parameters<typeof Csrf>[0]['c']; form?: FormData }) {
  const f = props.form ?? {};
  const v = (n: string) => text(f, n);
  return (
    <form method="post" action="/console/applications">
      <Csrf c={props.c} />
      <fieldset>
        <legend>The rights holder</legend>
        <Field id="holderName" label="Name" value={v('holderName')} required />
        <Field id="contact" label="Contact" hint="e-mail and telephone of the person customs reach" value={v('contact')} required />
      </fieldset>
      <fieldset>
        <legend>Trademark</legend>
        <Field id="mark" label="Mark" value={v('mark')} required />
        <Field id="aliases" label="Product lines and other names" hint="comma-separated" value={v('aliases')} />
        <Field id="hsCodes" label="Goods protected (HS prefixes)" hint="comma-separated, e.g. 64, 4202" value={v('hsCodes')} required />
        <Field id="registration" label="Registration" hint="e.g. EUTM 018000001" value={v('registration')} />
        <Field id="jurisdiction" label="Jurisdiction" value={v('jurisdiction')} />
        <TextArea id="moreTrademarks" label="Further trademarks (optional)" hint="one per line: mark | aliases | HS prefixes | registration | jurisdiction" value={v('moreTrademarks')} />
      </fieldset>
      <TextArea id="evidence" label="Evidence of the right" hint="one per line: certificates, licences, links" value={v('evidence')} required />
      <TextArea id="authorizedSellers" label="Authorised sellers (optional)" hint="one per line" value={v('authorizedSellers')} />
      <TextArea id="distributors" label="Distributors (optional)" hint="one per line" value={v('distributors')} />
      <TextArea id="priceFloors" label="Price floors (optional)" hint="one per line: HS prefix, value, currency — e.g. 64 45 EUR" value={v('priceFloors')} />
      <TextArea id="authenticProductNotes" label="How to tell the genuine article (optional)" value={v('authenticProductNotes')} />
      <Field id="requestedValidUntil" label="Valid until (requested, optional)" type="date" value={v('requestedValidUntil')} />
      <fieldset>
        <legend>Procedure</legend>
        <label><input type="checkbox" name="perishableGoods" value="yes" checked={v('perishableGoods') === 'yes'} /> The goods are perishable (3 working days after a detention)</label><br />
        <label><input type="checkbox" name="smallConsignmentProcedure" value="yes" checked={v('smallConsignmentProcedure') === 'yes'} /> Small consignments may be destroyed without asking us first</label>
      </fieldset>
      <button type="submit">Lodge the application</button>
    </form>
  );
}

function ApplicationTable(props: { items: readonly ApplicationRecord[]; showHolder: boolean }) {
  return (
    <table>
      <caption class="visually-hidden">Applications</caption>
      <thead><tr><th scope="col">Application</th>{props.showHolder ? <th scope="col">Holder</th> : null}<th scope="col">Marks</th><th scope="col">Status</th><th scope="col">Valid from</th><th scope="col">Expires</th><th scope="col">Submitted</th></tr></thead>
      <tbody>
        {props.items.map((a) => (
          <tr>
            <td><a href={`/console/applications/${encodeURIComponent(a.id)}`}>{a.id}</a></td>
            {props.showHolder ? <td>{`${a.form.holder.name} (${a.holderRef})`}</td> : null}
            <td>{a.form.trademarks.map((t) => t.mark).join(', ')}</td>
            <td>{a.status}</td>
            <td>{a.validFrom ?? '—'}</td>
            <td>{a.validUntil ?? '—'}</td>
            <td>{when(a.submittedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function applicationPages(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
  const { db } = deps;
  const registryRoles = onlyFor(refusal, 'rightsholder', 'customs', 'admin');
  const customs = onlyFor(refusal, 'customs', 'admin');

  app.get('/applications', registryRoles, async (c) => {
    const p = c.get('principal');
    const status = c.req.query('status');
    const filter = (STATUSES as readonly (string | undefined)[]).includes(status) ? { status: status as (typeof STATUSES)[number] } : {};
    const items = await listApplications(db, holderScope(p), { ...filter, limit: 500 }, today());
    return page(c, {
      title: p.role === 'rightsholder' ? 'Your applications for action' : 'Applications for action',
      children: (
        <>
          <form class="filters" method="get" action="/console/applications" aria-label="Filter applications">
            <Select id="status" label="Status" value={status} blank="any" options={STATUSES} />
            <button type="submit">Filter</button>
          </form>
          {items.length ? <ApplicationTable items={items} showHolder={p.role !== 'rightsholder'} /> : <p>No application.</p>}
          {p.role === 'rightsholder' ? <><h2>Lodge an application</h2><LodgeForm c={c} /></> : null}
        </>
      ),
    });
  });

  app.post('/applications', onlyFor(refusal, 'rightsholder'), async (c) => {
    const form = await formValues(c);
    const parsed = ApplicationFormSchema.safeParse(applicationFromForm(form));
    if (!parsed.success) {
      return page(c, { title: 'Lodge an application', children: <><Errors errors={fieldErrors(parsed.error)} /><LodgeForm c={c} form={form} /></> }, 422);
    }
    const { holderRef: _ignored, ...rest } = parsed.data;
    const p = c.get('principal');
    const record = await submitApplication(db, p.holderRef!, rest, actor(p));
    return c.redirect(`/console/applications/${encodeURIComponent(record.id)}?done=lodged`, 303);
  });

  const show = async (c: Parameters<typeof refusal>[0], id: string, notice?: { kind: 'ok' | 'error'; text: string }, status: 200 | 409 | 422 = 200) => {
    const p = c.get('principal');
    const row = await findApplication(db.kysely, id, holderScope(p));
    if (!row) return refusal(c, 404, 'There is no such application.');
    const a = toRecord(row, today());
    const history = await applicationHistory(db, a.id);
    const canRenew = a.status === 'accepted' || a.status === 'expired';
    return page(c, {
      title: `Application ${a.id}`,
      children: (
        <>
          {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
          <dl class="facts">
            <dt>Status</dt><dd>{a.status}{a.decisionReason ? ` — ${a.decisionReason}` : ''}</dd>
            <dt>Holder</dt><dd>{`${a.form.holder.name}${a.form.holder.contact ? `, ${a.form.holder.contact}` : ''}`}</dd>
            <dt>Valid</dt><dd>{a.validFrom ? `from ${a.validFrom} until the day before ${a.validUntil}` : 'not yet'}</dd>
            <dt>Expires</dt><dd>{a.validUntil ?? '—'}</dd>
            <dt>Perishable goods</dt><dd>{a.form.perishableGoods ? 'yes' : 'no'}</dd>
            <dt>Small consignments</dt><dd>{a.form.smallConsignmentProcedure ? 'may be destroyed without asking first' : 'standard procedure'}</dd>
          </dl>
          <h2>Trademarks</h2>
          <table>
            <caption class="visually-hidden">Trademarks</caption>
            <thead><tr><th scope="col">Mark</th><th scope="col">Other names</th><th scope="col">HS prefixes</th><th scope="col">Registration</th></tr></thead>
            <tbody>{a.form.trademarks.map((t) => <tr><td>{t.mark}</td><td>{(t.aliases ?? []).join(', ')}</td><td>{t.hsCodes.join(', ')}</td><td>{`${t.registration ?? ''} ${t.jurisdiction ?? ''}`}</td></tr>)}</tbody>
          </table>
          <h2>History</h2>
          <ul>{history.map((h) => <li>{`${when(h.at)} ${h.action} by ${h.by}`}</li>)}</ul>
          {canRenew && p.role !== 'admin' ? (
            <section aria-labelledby="renew-h">
              <h2 id="renew-h">Renew</h2>
              <form method="post" action={`/console/applications/${encodeURIComponent(a.id)}/renew`}>
                <Csrf c={c} />
                <TextArea id="continuingRight" label="Evidence that the right continues" hint="one per line" required />
                <TextArea id="infringement" label="Prima facie evidence of infringement" hint="one per line" required />
                <button type="submit">Renew</button>
              </form>
            </section>
          ) : null}
          {a.status === 'submitted' && p.role !== 'rightsholder' ? (
            <section aria-labelledby="decide-h">
              <h2 id="decide-h">Decide</h2>
              <ChoiceForm c={c} action={`/console/applications/${encodeURIComponent(a.id)}/decision`} name="decision" legend="Decision" options={[{ value: 'accept', label: 'Accept' }, { value: 'reject', label: 'Reject' }]} reasonLabel="Reason (required to reject) or note" submit="Record the decision" />
            </section>
          ) : null}
        </>
      ),
    }, status);
  };

  app.get('/applications/:id', registryRoles, (c) => {
    const done = c.req.query('done');
    return show(c, c.req.param('id'), done === 'lodged' ? { kind: 'ok', text: 'Lodged: customs will decide on it.' } : done === 'renewed' ? { kind: 'ok', text: 'Renewed.' } : done === 'decided' ? { kind: 'ok', text: 'Decision recorded.' } : undefined);
  });

  app.post('/applications/:id/renew', onlyFor(refusal, 'rightsholder', 'customs'), async (c) => {
    const form = await formValues(c);
    const parsed = RenewalSchema.safeParse({ continuingRight: lines(form, 'continuingRight'), infringement: lines(form, 'infringement') });
    const id = c.req.param('id');
    if (!parsed.success) return show(c, id, { kind: 'error', text: `Not renewed: ${fieldErrors(parsed.error).map((e) => `${e.path}: ${e.message}`).join('; ')}` }, 422);
    const p = c.get('principal');
    const outcome = await renewApplication(db, id, holderScope(p), parsed.data, actor(p), deps.registry);
    if (!outcome.ok && outcome.reason === 'not_found') return refusal(c, 404, 'There is no such application.');
    if (!outcome.ok) return show(c, id, { kind: 'error', text: `Not renewed: ${outcome.message}` }, 409);
    return c.redirect(`/console/applications/${encodeURIComponent(id)}?done=renewed`, 303);
  });

  app.post('/applications/:id/decision', customs, async (c) => {
    const form = await formValues(c);
    const id = c.req.param('id');
    const reason = text(form, 'reason');
    const decision = text(form, 'decision') === 'reject' ? { decision: 'reject', reason } : { decision: text(form, 'decision'), ...(reason ? { note: reason } : {}) };
    const parsed = ApplicationDecisionSchema.safeParse(decision);
    if (!parsed.success) return show(c, id, { kind: 'error', text: `Not decided: ${fieldErrors(parsed.error).map((e) => `${e.path}: ${e.message}`).join('; ')}` }, 422);
    const outcome = await decideApplication(db, id, parsed.data, actor(c.get('principal')), deps.registry);
    if (!outcome.ok && outcome.reason === 'not_found') return refusal(c, 404, 'There is no such application.');
    if (!outcome.ok) return show(c, id, { kind: 'error', text: `Not decided: ${outcome.message}` }, 409);
    return c.redirect(`/console/applications/${encodeURIComponent(id)}?done=decided`, 303);
  });
}
