/** @jsxImportSource hono/jsx */
/**
 * The administrator's pages: API keys (created and shown once, listed, revoked), registry
 * versions with import and export, and the audit trail with filters and its chain verification.
 */
import type { Hono } from 'hono';
import { createApiKey, listApiKeys, revokeApiKey } from '../../db/api-keys.ts';
import { readAudit, verifyAuditChain } from '../../db/audit.ts';
import { latestRegistry, listRegistryVersions } from '../../db/registry.ts';
import { rescreenProgress } from '../../db/rescreen-jobs.ts';
import { ROLES, type Role } from '../../db/schema.ts';
import { actor } from '../../http/routes/applications.ts';
import { importRegistry } from '../../registry/service.ts';
import { parseBundle } from '../../screening/registry-io.ts';
import { formValues, queryValues, text } from '../forms.ts';
import type { ConsoleDeps } from '../routes.tsx';
import { refusal } from '../routes.tsx';
import { onlyFor, type ConsoleEnv } from '../session.ts';
import { Csrf, Field, Notice, page, queryString, Select, when } from '../ui.tsx';

const AUDIT_PAGE = 100;

export function adminPages(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
  const { db } = deps;
  const admin = onlyFor(refusal, 'admin');

  const keysPage = async (c: Parameters<typeof refusal>[0], notice?: { kind: 'ok' | 'error'; text: string; key?: string }, status: 200 | 404 | 409 | 422 = 200) => {
    const keys = await listApiKeys(db);
    return page(c, {
      title: 'API keys',
      children: (
        <>
          {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
          {notice?.key ? (
            <section aria-labelledby="new-key-h">
              <h2 id="new-key-h">The new key — shown only now</h2>
              <p class="secret">{notice.key}</p>
              <p>Give it to its holder over a safe channel. Only its hash is stored: it cannot be shown again.</p>
            </section>
          ) : null}
          <table>
            <caption>Keys</caption>
            <thead><tr><th scope="col">Id</th><th scope="col">Role</th><th scope="col">Operator or holder</th><th scope="col">Label</th><th scope="col">Created</th><th scope="col">State</th><th scope="col">Action</th></tr></thead>
            <tbody>
              {keys.map((k) => (
                <tr>
                  <td>{k.id.slice(0, 8)}</td>
                  <td>{k.role}</td>
                  <td>{k.operator_code ?? k.holder_ref ?? '—'}</td>
                  <td>{k.label ?? ''}</td>
                  <td>{when(k.created_at)}</td>
                  <td>{k.revoked_at ? `revoked ${when(k.revoked_at)}` : 'active'}</td>
                  <td>
                    {k.revoked_at ? null : (
                      <form method="post" action={`/console/keys/${k.id}/revoke`}>
                        <Csrf c={c} />
                        <button type="submit" class="danger" aria-label={`Revoke key ${k.id.slice(0, 8)} (${k.label ?? k.role})`}>Revoke</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Create a key</h2>
          <form method="post" action="/console/keys">
            <Csrf c={c} />
            <Select id="role" label="Role" options={ROLES} value="operator" />
            <Field id="operator" label="Operator code" hint="for an operator key" />
            <Field id="holder" label="Holder reference" hint="for a rights holder key" />
            <Field id="label" label="Label" hint="who uses it, e.g. Officer 4711, Brussels airport" />
            <button type="submit">Create</button>
          </form>
        </>
      ),
    }, status);
  };

  app.get('/keys', admin, (c) => keysPage(c));

  app.post('/keys', admin, async (c) => {
    const form = await formValues(c);
    const role = text(form, 'role') as Role;
    if (!(ROLES as readonly string[]).includes(role)) return keysPage(c, { kind: 'error', text: 'Choose a role.' }, 422);
    const operatorCode = text(form, 'operator').toUpperCase() || null;
    const holderRef = text(form, 'holder') || null;
    if (role === 'operator' && !operatorCode) return keysPage(c, { kind: 'error', text: 'An operator key needs an operator code.' }, 422);
    if (role === 'rightsholder' && !holderRef) return keysPage(c, { kind: 'error', text: 'A rights holder key needs a holder reference.' }, 422);
    if (role !== 'operator' && operatorCode) return keysPage(c, { kind: 'error', text: 'Only an operator key has an operator code.' }, 422);
    if (role !== 'rightsholder' && holderRef) return keysPage(c, { kind: 'error', text: 'Only a rights holder key has a holder reference.' }, 422);
    const label = text(form, 'label').slice(0, 200) || null;
    const { id, key } = await createApiKey(db, { role, operatorCode, holderRef, label, createdBy: actor(c.get('principal')) });
    return keysPage(c, { kind: 'ok', text: `Key ${id.slice(0, 8)} created for ${role}.`, key });
  });

  app.post('/keys/:id/revoke', admin, async (c) => {
    const revoked = await revokeApiKey(db, c.req.param('id'));
    return revoked ? keysPage(c, { kind: 'ok', text: 'Key revoked: its console sessions end now, its API use within 30 seconds.' }) : keysPage(c, { kind: 'error', text: 'No such active key.' }, 404);
  });

  const registryPage = async (c: Parameters<typeof refusal>[0], notice?: { kind: 'ok' | 'error'; text: string; errors?: string[] }, status: 200 | 422 = 200) => {
    const versions = await listRegistryVersions(db, 50);
    const progress = await rescreenProgress(db, versions.map((v) => v.version));
    return page(c, {
      title: 'Registry',
      children: (
        <>
          {notice ? <Notice kind={notice.kind}>{notice.text}{notice.errors ? <ul>{notice.errors.map((e) => <li>{e}</li>)}</ul> : null}</Notice> : null}
          <p><a class="button secondary" href="/console/registry/export" download>Export the current bundle (JSON)</a></p>
          <h2>Versions</h2>
          <table>
            <caption class="visually-hidden">Registry versions, newest first</caption>
            <thead><tr><th scope="col" class="num">Version</th><th scope="col">Created</th><th scope="col">By</th><th scope="col">Note</th><th scope="col">Re-screening</th></tr></thead>
            <tbody>
              {versions.map((v) => {
                const r = progress.get(v.version);
                return <tr><td class="num">{v.version}</td><td>{when(v.createdAt)}</td><td>{v.createdBy}</td><td>{v.note ?? ''}</td><td>{r ? `${r.marked} parcels marked${r.finishedAt ? `, finished ${when(r.finishedAt)}` : ', running'}` : '—'}</td></tr>;
              })}
            </tbody>
          </table>
          <h2>Import a bundle</h2>
          <form method="post" action="/console/registry/import" enctype="multipart/form-data">
            <Csrf c={c} />
            <div class="field">
              <label for="bundle">Bundle file (JSON)</label>
              <span class="hint" id="bundle-hint">Applications are added or replaced, indicators replaced; parcels under control are screened again.</span>
              <input type="file" id="bundle" name="bundle" accept="application/json,.json" required aria-describedby="bundle-hint" />
            </div>
            <button type="submit">Import</button>
          </form>
        </>
      ),
    }, status);
  };

  app.get('/registry', admin, (c) => registryPage(c));

  app.get('/registry/export', admin, async (c) => {
    const latest = await latestRegistry(db);
    if (!latest) return refusal(c, 404, 'The registry is empty.');
    return c.body(latest.bundle, 200, { 'Content-Type': 'application/json', 'Content-Disposition': `attachment; filename="registry-v${latest.version}.json"` });
  });

  app.post('/registry/import', admin, async (c) => {
    const form = await formValues(c);
    const file = form.bundle;
    const raw = file instanceof File ? await file.text() : typeof file === 'string' ? file : '';
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return registryPage(c, { kind: 'error', text: 'The file is not JSON.' }, 422);
    }
    const parsed = parseBundle(value);
    if (!parsed.ok) return registryPage(c, { kind: 'error', text: 'The bundle is not valid:', errors: parsed.errors.slice(0, 50).map((e) => `${e.path}: ${e.message}`) }, 422);
    const { published, ...imported } = await importRegistry(db, parsed.bundle, actor(c.get('principal')), deps.registry);
    return registryPage(c, { kind: 'ok', text: `Imported as version ${published.version}: ${JSON.stringify(imported)}${published.rescreenQueued ? '; parcels under control will be screened again' : ''}.` });
  });

  app.get('/audit', admin, async (c) => {
    const q = queryValues(c);
    const before = q.before && /^\d{1,15}$/.test(q.before) ? Number(q.before) : undefined;
    const filter = { entity: q.entity?.slice(0, 50), entityId: q.entityId?.slice(0, 100), action: q.action?.slice(0, 100) };
    const items = await readAudit(db, { ...filter, ...(before !== undefined ? { before } : {}), newestFirst: true, limit: AUDIT_PAGE });
    const verify = q.verify === '1' ? await verifyAuditChain(db) : null;
    return page(c, {
      title: 'Audit trail',
      children: (
        <>
          <form class="filters" method="get" action="/console/audit" aria-label="Filter the audit trail">
            <Field id="entity" label="Entity" value={filter.entity} hint="parcel, case, application, api_key…" />
            <Field id="entityId" label="Entity id" value={filter.entityId} />
            <Field id="action" label="Action" value={filter.action} hint="outcome.recorded, case.opened…" />
            <button type="submit">Filter</button>
          </form>
          <form method="get" action="/console/audit">
            <input type="hidden" name="verify" value="1" />
            <button type="submit" class="secondary">Verify the hash chain</button>
          </form>
          {verify ? (
            verify.valid
              ? <Notice kind="ok">{`The chain holds: ${verify.entries} entries checked, last ${verify.lastId ?? '—'}.`}</Notice>
              : <Notice kind="error">{`The chain is broken at entry ${verify.firstBroken.id}: ${verify.firstBroken.reason} (${verify.entries} entries checked).`}</Notice>
          ) : null}
          <table>
            <caption>Entries, newest first</caption>
            <thead><tr><th scope="col" class="num">#</th><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Entity</th><th scope="col">Change</th></tr></thead>
            <tbody>
              {items.map((e) => (
                <tr>
                  <td class="num">{e.id}</td>
                  <td>{when(e.at)}</td>
                  <td>{e.actor}</td>
                  <td>{e.action}</td>
                  <td>{`${e.entity} ${e.entityId}`}</td>
                  <td>{e.after === null && e.before === null ? '' : <details><summary>before and after</summary><pre>{JSON.stringify({ before: e.before, after: e.after }, null, 2)}</pre></details>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Pages">
            {before !== undefined ? <a href={`/console/audit${queryString(filter)}`}>Newest</a> : null}
            {items.length === AUDIT_PAGE ? <a rel="next" href={`/console/audit${queryString({ ...filter, before: items.at(-1)!.id })}`}>Older</a> : null}
          </nav>
        </>
      ),
    });
  });
}
