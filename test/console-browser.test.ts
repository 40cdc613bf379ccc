/**
 * The web console in a real browser (Debian's chromium through playwright-core) against a real
 * server (src/main.ts) on a temporary SQLite file: an officer finds a held parcel, sees the match
 * highlighted and detains it; the holder confirms and agrees; the operator, as declarant, agrees;
 * the officer destroys; the audit trail shows it. Every page passes axe with no serious or
 * critical violation, and each is photographed to docs/console/ for the README.
 */
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, prepareDatabase, startServer, type RunningServer } from '../bench/lib/console-server.ts';
import { manifest, parcel, s10 } from './support/fixtures.ts';

const SHOTS = join(import.meta.dirname, '..', 'docs', 'console');

const BUNDLE = {
  applications: [
    { id: 'AFA-NIKE', holderRef: 'NIKE-EU', holder: { name: 'Nike, Inc.', contact: 'ipr@nike.example' }, trademarks: [{ mark: 'Nike', aliases: ['Air Max'], hsCodes: ['64', '61'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
    { id: 'AFA-GUCCI', holderRef: 'GUCCI', holder: { name: 'Gucci', contact: 'ipr@gucci.example' }, trademarks: [{ mark: 'Gucci', hsCodes: ['4202', '64'] }], validFrom: '2026-01-01', validUntil: '2028-01-01' },
  ],
  indicators: {
    watchedSellers: [{ name: 'Shenzhen Fake Sneakers Co', country: 'CN', risk: 'high', reason: 'seizures in 2025' }],
    keywords: [{ term: 'replica', risk: 'high' }],
  },
};

let server: RunningServer;
let browser: Browser;
let keys: Record<string, string>;
let manifestId: string;
const held = s10(4711);
const gucciItem = s10(4712);

async function api(path: string, key: string, init: RequestInit = {}) {
  const res = await fetch(`${server.base}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** No serious or critical accessibility violation on the page as it stands. */
async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Every page is checked for accessibility; its screenshot for the README is rewritten only when asked
 * (`UPDATE_SCREENSHOTS=1`), so a test run leaves the checkout as it found it. */
async function shoot(page: Page, name: string) {
  await expectAccessible(page);
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(key: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.base}/console/login`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  return { context, page };
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'parcelscreen-console-'));
  const url = `sqlite:${join(dir, 'console.db')}`;
  writeFileSync(join(dir, 'bundle.json'), JSON.stringify(BUNDLE));
  keys = await prepareDatabase(url, {
    officer: { role: 'customs', label: 'Officer 4711' },
    admin: { role: 'admin', label: 'Admin' },
    operator: { role: 'operator', operatorCode: 'DHLX', label: 'DHLX filing' },
    nike: { role: 'rightsholder', holderRef: 'NIKE-EU', label: 'Nike brand protection' },
    gucci: { role: 'rightsholder', holderRef: 'GUCCI', label: 'Gucci brand protection' },
  });
  // SQLITE_SYNCHRONOUS=NORMAL: the test needs no power-cut durability, and fsyncs are slow on shared disks.
  [server, browser] = await Promise.all([startServer({ DATABASE_URL: url, REGISTRY_SEED: join(dir, 'bundle.json'), SQLITE_SYNCHRONOUS: 'NORMAL' }), launchChromium()]);

  const filed = await api('/v1/manifests', keys.operator!, {
    method: 'POST',
    body: JSON.stringify(
      manifest('MAWB-157-12345675', [
        parcel(held, { seller: { name: 'Shenzhen Fake Sneakers Co', country: 'CN', marketplace: 'ShopNow' }, items: [{ description: 'N1ke Air Max sneakers, replica', hsCode: '6404.11', quantity: 2, value: 19.9, currency: 'EUR', originCountry: 'CN', netWeightKg: 1.2 }] }),
        parcel(gucciItem, { items: [{ description: 'Gucci handbag, leather', hsCode: '4202.21', quantity: 1, value: 35, currency: 'EUR', originCountry: 'CN', netWeightKg: 0.6 }] }),
        parcel(s10(4713)),
      ]),
    ),
  });
  expect(filed.status).toBe(202);
  manifestId = filed.body.manifestId as string;
  for (const started = Date.now(); ; ) {
    const list = await api(`/v1/manifests/${manifestId}/parcels`, keys.operator!);
    const items = list.body.items as { decision: string | null }[];
    if (items.every((p) => p.decision !== null)) break;
    if (Date.now() - started > 30_000) throw new Error('screening did not finish');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the web console in a browser', () => {
  it('an officer detains a held parcel, the holder confirms and agrees, the declarant agrees, the officer destroys, and the audit trail shows it', async () => {
    const anonymous = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const login = await anonymous.newPage();
    await login.goto(`${server.base}/console/login`);
    await shoot(login, 'login');
    await anonymous.close();

    const officer = await signIn(keys.officer!);
    const o = officer.page;
    expect(new URL(o.url()).pathname).toBe('/console/queue');
    const row = o.getByRole('row').filter({ hasText: held });
    await expect(row.getByText('hold')).toBeTruthy();
    await shoot(o, 'queue');

    // Search by item id finds just that parcel.
    await o.getByLabel('Item id or manifest reference').fill(held);
    await o.getByRole('button', { name: 'Filter' }).click();
    await o.waitForURL(/q=/);
    expect(await o.locator('tbody tr').count()).toBe(1);

    await o.getByRole('link', { name: held }).click();
    await o.waitForURL(/\/console\/parcels\/\d+$/);
    const parcelPath = new URL(o.url()).pathname;
    // The matched words are highlighted at their offsets, with the reason in words beside them.
    const marks = await o.locator('td mark').allTextContents();
    expect(marks).toContain('N1ke');
    expect(await o.locator('#reason-1').textContent()).toMatch(/mark Nike; protected by application AFA-NIKE of Nike, Inc\./);
    // Only what the state machine allows: no destruction before a detention.
    const offered = await o.locator('input[name="action"]').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(offered).toEqual(['released', 'detained', 'suspended', 'seized', 'returned']);
    await shoot(o, 'case-file');

    await o.getByLabel('Detain').check();
    await o.getByLabel('Note (optional)').fill('2 pairs, sample kept');
    await o.getByRole('button', { name: 'Record' }).click();
    await o.waitForURL(/done=detained/);
    expect(await o.getByRole('status').first().textContent()).toContain('Recorded: detain');
    expect(await o.locator('h3', { hasText: 'AFA-NIKE' }).textContent()).toContain('Awaiting the rights holder');
    const afterDetention = await o.locator('input[name="action"]').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    expect(afterDetention).not.toContain('destroyed');

    // The rights holder answers on its case.
    const holder = await signIn(keys.nike!);
    const h = holder.page;
    expect(new URL(h.url()).pathname).toBe('/console/cases');
    await shoot(h, 'holder-cases');
    await h.getByRole('link', { name: /^Case \d+$/ }).first().click();
    const casePath = new URL(h.url()).pathname;
    expect(await h.locator('td mark').allTextContents()).toContain('N1ke');
    await shoot(h, 'holder-case');
    await h.getByRole('group', { name: 'Do you confirm the goods infringe your right?' }).getByLabel('Yes').check();
    await h.getByRole('group', { name: 'Do you agree to their destruction?' }).getByLabel('Yes').check();
    await h.getByLabel('Evidence (optional)').fill('no hologram under the insole');
    await h.getByRole('button', { name: 'Send the answer' }).click();
    await h.waitForURL(/done=1/);
    expect(await h.locator('dl.facts').first().textContent()).toContain('Awaiting the declarant');

    // The operator, as declarant, agrees in its console.
    const operator = await signIn(keys.operator!);
    const op = operator.page;
    expect(new URL(op.url()).pathname).toBe('/console/manifests');
    expect(await op.getByRole('link', { name: 'MAWB-157-12345675' }).count()).toBe(1);
    await shoot(op, 'operator-manifests');
    await op.getByLabel('Item id').fill(held.toLowerCase());
    await op.getByRole('button', { name: 'Find' }).click();
    expect(await op.getByRole('row').filter({ hasText: held }).textContent()).toContain('do not deliver');
    await op.goto(`${server.base}/console/manifests/${manifestId}`);
    expect(await op.getByRole('row').filter({ hasText: held }).textContent()).toContain('do not deliver');
    await shoot(op, 'operator-manifest');
    await op.getByRole('link', { name: held }).click();
    await op.getByLabel('Agree to destruction').check();
    await op.getByRole('button', { name: 'Send the answer' }).click();
    await op.waitForURL(/done=1/);
    await shoot(op, 'operator-parcel');

    // Back as the officer: destruction is now offered, and recorded.
    await o.goto(`${server.base}${parcelPath}`);
    expect(await o.locator('h3', { hasText: 'AFA-NIKE' }).textContent()).toContain('Destruction agreed');
    await o.getByLabel('Destroy').check();
    await o.getByRole('button', { name: 'Record' }).click();
    await o.waitForURL(/done=destroyed/);
    expect(await o.locator('dl.facts').first().textContent()).toContain('destroyed');

    // The audit trail, filtered on the parcel, holds every outcome with its officer; the chain holds.
    const admin = await signIn(keys.admin!);
    const a = admin.page;
    const parcelId = parcelPath.split('/').pop()!;
    await a.goto(`${server.base}/console/audit?entity=parcel&entityId=${parcelId}`);
    const actions = await a.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(actions.filter((x) => x === 'outcome.recorded')).toHaveLength(2);
    expect(await a.locator('tbody').textContent()).toContain('"destroyed"');
    await a.getByRole('button', { name: 'Verify the hash chain' }).click();
    expect(await a.getByRole('status').textContent()).toMatch(/The chain holds: \d+ entries checked/);
    await shoot(a, 'audit');
    await a.goto(`${server.base}/console/audit?entity=case`);
    expect(await a.locator('tbody').textContent()).toMatch(/case\.holder_response[\s\S]*|case\.declarant_response/);

    // The remaining pages of each role, checked and photographed.
    await o.goto(`${server.base}/console/stats`);
    expect(await o.locator('#per-day-data').count()).toBe(1);
    await o.waitForFunction('document.querySelectorAll("canvas[data-chart]").length > 0 && window.Chart !== undefined');
    await shoot(o, 'statistics');
    await o.goto(`${server.base}/console/applications`);
    await shoot(o, 'applications-customs');
    await h.goto(`${server.base}/console/applications`);
    await shoot(h, 'holder-applications');
    await h.goto(`${server.base}/console/applications/AFA-NIKE`);
    await shoot(h, 'holder-application');
    await h.goto(`${server.base}/console/notifications`);
    expect(await h.locator('tbody').textContent()).toContain('case.detained');
    await shoot(h, 'holder-notifications');
    await h.goto(`${server.base}/console/webhook`);
    await shoot(h, 'holder-webhook');
    // Keys: created and shown once, then rotated (a new one shown once), each in the list with its last use.
    await a.goto(`${server.base}/console/keys`);
    await a.getByLabel('Role').selectOption('rightsholder');
    await a.getByLabel('Holder reference').fill('ACME');
    await a.getByLabel('Label', { exact: true }).fill('ACME brand protection');
    await a.getByRole('button', { name: 'Create' }).click();
    const created = await a.locator('p.secret').textContent();
    expect(created).toMatch(/^psk_/);
    await a.getByRole('button', { name: /^Rotate key .* \(ACME brand protection\)$/ }).click();
    const rotated = await a.locator('p.secret').textContent();
    expect(rotated).toMatch(/^psk_/);
    expect(rotated).not.toBe(created);
    expect(await a.getByRole('row').filter({ hasText: 'Officer 4711' }).textContent()).not.toContain('never');
    await shoot(a, 'admin-keys');
    // The key shown is never part of a URL.
    expect(a.url()).not.toContain('psk_');
    await a.goto(`${server.base}/console/registry`);
    await shoot(a, 'admin-registry');

    // The holder lodges an application with the standard fields; customs accept it; the holder sees its expiry.
    await h.goto(`${server.base}/console/applications`);
    await h.getByLabel('Name', { exact: true }).fill('Nike, Inc.');
    await h.getByLabel(/^Contact/).fill('ipr@nike.example, +1 503 000 0000');
    await h.getByLabel('Mark', { exact: true }).fill('Jordan');
    await h.getByLabel(/^Goods protected/).fill('64, 61');
    await h.getByLabel(/^Evidence of the right/).fill('EUTM 000000001 registration certificate');
    await h.getByRole('button', { name: 'Lodge the application' }).click();
    await h.waitForURL(/\/console\/applications\/AFA-.*done=lodged/);
    const applicationPath = new URL(h.url()).pathname;
    expect(await h.locator('dl.facts').textContent()).toContain('submitted');
    await o.goto(`${server.base}${applicationPath}`);
    await o.getByLabel('Accept').check();
    await o.getByRole('button', { name: 'Record the decision' }).click();
    await o.waitForURL(/done=decided/);
    await h.goto(`${server.base}${applicationPath}`);
    expect(await h.locator('dl.facts').textContent()).toMatch(/Statusaccepted[\s\S]*Expires\d{4}-\d{2}-\d{2}/);

    // Bulk: the officer selects every parcel in review (one box selects all) and releases them after one confirmation.
    await o.goto(`${server.base}/console/queue?decision=review`);
    const inReview = await o.locator('tbody tr').count();
    expect(inReview).toBeGreaterThan(0);
    await o.getByLabel('Select every parcel on this page').check();
    await o.getByRole('radio', { name: 'Release (e.g. all reviewed)' }).check();
    await o.getByRole('button', { name: 'Continue…' }).click();
    await o.getByRole('heading', { name: `Release ${inReview} parcels?` }).waitFor();
    await shoot(o, 'queue-bulk-confirm');
    await o.getByRole('button', { name: `Confirm: release ${inReview} parcels` }).click();
    expect(await o.getByRole('status').textContent()).toBe(`${inReview} of ${inReview} parcels released.`);
    await o.goto(`${server.base}/console/queue?decision=review`);
    expect(await o.getByText('No parcel matches.').count()).toBe(1);

    // Sign-out ends the session: the case page sends the holder back to sign in.
    await h.getByRole('button', { name: 'Sign out' }).click();
    await h.goto(`${server.base}${casePath}`);
    expect(new URL(h.url()).pathname).toBe('/console/login');
    for (const ctx of [officer, holder, operator, admin]) await ctx.context.close();
  }, 120_000);

  it('refuses a wrong key, another holder’s case and a form without its CSRF token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.base}/console/login`);
    await page.getByLabel('API key').fill('psk_not-a-key-at-all');
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/console/login') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Sign in' }).click()]);
    expect(answer.status()).toBe(401);
    expect(await page.getByRole('alert').textContent()).toContain('not valid');
    await context.close();

    // The Gucci holder cannot open Nike's case (404, as if it did not exist).
    const nikeCases = await api('/v1/cases', keys.nike!);
    const nikeCase = (nikeCases.body.items as { id: number }[])[0]!;
    const gucci = await signIn(keys.gucci!);
    const other = await gucci.page.goto(`${server.base}/console/cases/${nikeCase.id}`);
    expect(other!.status()).toBe(404);
    expect(await gucci.page.getByRole('alert').textContent()).toContain('no such case');
    // Nor answer it with a valid token of its own session.
    const token = await gucci.page.locator('header input[name="_csrf"]').inputValue();
    const answerOther = await gucci.page.request.post(`${server.base}/console/cases/${nikeCase.id}/answer`, { form: { _csrf: token, confirmsInfringement: 'no' } });
    expect(answerOther.status()).toBe(404);
    // Nor see customs' pages.
    expect((await gucci.page.goto(`${server.base}/console/queue`))!.status()).toBe(403);

    // A form posted without its token, or with another session's, changes nothing.
    const officer = await signIn(keys.officer!);
    const lookup = await api(`/v1/parcels`, keys.officer!);
    const gucciParcel = (lookup.body.items as { id: number; itemId: string }[]).find((p) => p.itemId === gucciItem)!;
    const before = await api(`/v1/parcels/${gucciParcel.id}`, keys.officer!);
    const noToken = await officer.page.request.post(`${server.base}/console/parcels/${gucciParcel.id}/outcome`, { form: { action: 'returned' } });
    expect(noToken.status()).toBe(403);
    const wrongToken = await officer.page.request.post(`${server.base}/console/parcels/${gucciParcel.id}/outcome`, { form: { action: 'returned', _csrf: token } });
    expect(wrongToken.status()).toBe(403);
    const file = await api(`/v1/parcels/${gucciParcel.id}`, keys.officer!);
    expect(file.body.outcomes).toEqual(before.body.outcomes);
    await officer.context.close();
    await gucci.context.close();
  }, 60_000);
});
