/** @jsxImportSource hono/jsx */
/**
 * The administrator's pages: API keys (created and shown once, listed with last use, revoked,
 * rotated with a grace period), registry
 * versions with import and export, and the audit trail with filters and its chain verification.
 */
import type { Hono } from 'hono';
import { listKeys } from '../../db/api-keys.ts';
import { readAudit, verifyAuditChain } from '../../db/audit.ts';
import { latestRegistry, listRegistryVersions } from '../../db/registry.ts';
import { rescreenProgress } from '../../db/rescreen-jobs.ts';
import { ROLES } from '../../db/schema.ts';
import { fieldErrors } from '../../domain/manifest.ts';
import { createKey, keyView, revokeKey, rotateKey } from '../../keys/service.ts';
import { KeySpecSchema } from '../../keys/spec.ts';
import { actor } from '../../http/access.ts';
import { importRegistry } from '../../registry/service.ts';
import type { BundleJson } from '../../registry/bundle-slices.ts';
import { formValues, queryValues, text } from '../forms.ts';
import type { ConsoleDeps } from '../deps.ts';
import { refusal } from '../ui.tsx';
import { onlyFor, type ConsoleEnv } from '../session.ts';
import { Csrf, Field, Notice, page, queryString, Select, when } from '../ui.tsx';

const AUDIT_PAGE = 100;

export function adminPages(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
  const { db } = deps;
  const admin = onlyFor(refusal, 'admin');

  const keysPage = async (c: Parameters<typeof refusal>[0], notice?: { kind: 'ok' | 'error'; text: string; key?: string; errors?: string[] }, status: 200 | 404 | 409 | 422 = 200) => {
    const now = new Date().toISOString();
    const keys = (await listKeys(db, { now, limit: 500 })).map((r) => keyView(r, now));
    return page(c, {
      title: 'API keys',
      children: (
        <>
          {notice ? <Notice kind={notice.kind}>{notice.text}{notice.errors ? <ul>{notice.errors.map((e) => <li>{e}</li>)}</ul> : null}</Notice> : null}
          {notice?.key ? (
            <section aria-labelledby="new-key-h">
              <h2 id="new-key-h">The new key — shown only now</h2>
              <p class="secret">{notice.key}</p>
              <p>Give it to its holder over a safe channel. Only its hash is stored: it cannot be shown again.</p>
            </section>
          ) : null}
          <table>
            <caption>Keys, newest first</caption>
            <thead><tr><th scope="col">Id</th><th scope="col">Role</th><th scope="col">Operator or holder</th><th scope="col">Label</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
            <tbody>
              {keys.map((k) => (
                <tr>
                  <td>{k.id.slice(0, 8)}</td>
                  <td>{k.role}</td>
                  <td>{k.operator ?? k.holder ?? '—'}</td>
                  <td>{k.label ?? ''}</td>
                  <td>{when(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? when(k.lastUsedAt) : 'never'}</td>
                  <td>{k.expiresAt ? when(k.expiresAt) : '—'}</td>
                  <td>{k.state === 'revoked' ? `revoked ${when(k.revokedAt)}` : k.replacedBy ? `${k.state}, rotated` : k.state}</td>
                  <td>
                    {k.state !== 'active' ? null : (
                      <div class="pager">
                        {k.replacedBy ? null : (
                          <form method="post" action={`/console/keys/${k.id}/rotate`}>
                            <Csrf c={c} />
                            <button type="submit" class="secondary" aria-label={`Rotate key ${k.id.slice(0, 8)} (${k.label ?? k.role})`}>Rotate</button>
                          </form>
                        )}
                        <form method="post" action={`/console/keys/${k.id}/revoke`}>
                          <Csrf c={c} />
                          <button type="submit" class="danger" aria-label={`Revoke key ${k.id.slice(0, 8)} (${k.label ?? k.role})`}>Revoke</button>
                        </form>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="hint">{`A rotated key keeps working for ${Math.round(deps.config.KEY_ROTATION_GRACE_SECONDS / 3600)} hours beside its replacement.`}</p>
          <h2>Create a key</h2>
          <form method="post" action="/console/keys">
            <Csrf c={c} />
            <Select id="role" label="Role" options={ROLES} value="operator" />
            <Field id="operator" label="Operator code" hint="for an operator key" />
            <Field id="holder" label="Holder reference" hint="for a rights holder key" />
            <Field id="label" label="Label" hint="who uses it, e.g. Officer 4711, Brussels airport" />
            <Field id="expiresAt" label="Expires (optional)" type="date" />
            <button type="submit">Create</button>
          </form>
        </>
      ),
    }, status);
  };

  app.get('/keys', admin, (c) => keysPage(c));

  app.post('/keys', admin, async (c) => {
    const form = await formValues(c);
    const spec = Object.fromEntries(['role', 'operator', 'holder', 'label', 'expiresAt'].map((k) => [k, text(form, k)]).filter(([, v]) => v !== ''));
    const parsed = KeySpecSchema.safeParse(spec);
    if (!parsed.success) return keysPage(c, { kind: 'error', text: 'No key created:', errors: fieldErrors(parsed.error).map((e) => `${e.path}: ${e.message}`) }, 422);
    const { view, key } = await createKey(db, parsed.data, actor(c.get('principal')));
    return keysPage(c, { kind: 'ok', text: `Key ${view.id.slice(0, 8)} created for ${view.role}.`, key });
  });

  app.post('/keys/:id/revoke', admin, async (c) => {
    const outcome = await revokeKey(db, c.req.param('id'), actor(c.get('principal')));
    if (!outcome.ok) return keysPage(c, { kind: 'error', text: outcome.reason === 'not_found' ? 'No such key.' : outcome.message }, outcome.reason === 'not_found' ? 404 : 409);
    deps.forgetKey(outcome.value.id);
    return keysPage(c, { kind: 'ok', text: `Key ${outcome.value.id.slice(0, 8)} revoked: its console sessions end now, its API use on every node within 30 seconds.` });
  });

  app.post('/keys/:id/rotate', admin, async (c) => {
    const outcome = await rotateKey(db, c.req.param('id'), deps.config.KEY_ROTATION_GRACE_SECONDS, actor(c.get('principal')));
    if (!outcome.ok) return keysPage(c, { kind: 'error', text: outcome.reason === 'not_found' ? 'No such key.' : outcome.message }, outcome.reason === 'not_found' ? 404 : 409);
    deps.forgetKey(outcome.value.replaced.id);
    return keysPage(c, { kind: 'ok', text: `Key ${outcome.value.replaced.id.slice(0, 8)} rotated: the old key works until ${when(outcome.value.replaced.expiresAt)}.`, key: outcome.value.key });
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
    const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : typeof file === 'string' ? new TextEncoder().encode(file) : new Uint8Array();
    // Parsed, checked and validated in an ingest worker, as the API's import is (seconds for a 19 MB bundle).
    const read = await deps.reader.readJson({ body: bytes, maxDepth: deps.config.MAX_JSON_DEPTH, validate: 'registry-bundle' });
    if (!read.ok) {
      const errors = 'errors' in read && read.errors ? read.errors.slice(0, 50).map((e) => `${e.path}: ${e.message}`) : [];
      return registryPage(c, { kind: 'error', text: read.code === 'invalid_body' ? 'The bundle is not valid:' : `The file is not a JSON bundle: ${read.message}`, errors }, 422);
    }
    const result = await importRegistry(db, read.value as BundleJson, actor(c.get('principal')), deps.registry, deps.registryWarnings);
    const what = result.unchanged
      ? `Nothing changed: the registry is version ${result.version} already.`
      : `Imported as version ${result.version}: ${result.applications} applications, ${result.indicators} indicators${result.rescreenQueued ? '; parcels under control will be screened again' : ''}.`;
    const warnings = result.warnings.warnings ?? [];
    return registryPage(c, { kind: 'ok', text: warnings.length ? `${what} ${warnings.length} warnings:` : what, errors: warnings.slice(0, 200) });
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
