/** @jsxImportSource hono/jsx */
/**
 * The console's page frame and small shared pieces: landmarks, a skip link, the navigation of the
 * signed-in role, the sign-out form, and helpers for forms (labels tied to fields, the CSRF field).
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { Role } from '../db/schema.ts';
import { ASSETS } from './assets.ts';
import type { ConsoleEnv } from './session.ts';

const CUSTOMS_NAV = [
  { href: '/console/queue', label: 'Review queue' },
  { href: '/console/stats', label: 'Statistics' },
  { href: '/console/applications', label: 'Applications' },
];

const NAV: Record<Role, { href: string; label: string }[]> = {
  customs: CUSTOMS_NAV,
  admin: [
    ...CUSTOMS_NAV,
    { href: '/console/registry', label: 'Registry' },
    { href: '/console/keys', label: 'API keys' },
    { href: '/console/audit', label: 'Audit trail' },
  ],
  rightsholder: [
    { href: '/console/cases', label: 'Cases' },
    { href: '/console/applications', label: 'Applications' },
    { href: '/console/notifications', label: 'Notifications' },
    { href: '/console/webhook', label: 'Webhook' },
  ],
  operator: [
    { href: '/console/manifests', label: 'Manifests' },
    { href: '/console/notifications', label: 'Notifications' },
    { href: '/console/webhook', label: 'Webhook' },
  ],
};

export const HOME: Record<Role, string> = { customs: '/console/queue', admin: '/console/keys', rightsholder: '/console/cases', operator: '/console/manifests' };

const ROLE_NAMES: Record<Role, string> = { customs: 'Customs officer', admin: 'Administrator', rightsholder: 'Rights holder', operator: 'Operator' };

function whoIs(c: Context<ConsoleEnv>): string {
  const p = c.get('principal');
  const scope = p.role === 'operator' ? ` ${p.operatorCode}` : p.role === 'rightsholder' ? ` ${p.holderRef}` : '';
  return `${ROLE_NAMES[p.role]}${scope}`;
}

interface PageProps {
  title: string;
  children?: Child;
  /** Pages that draw charts load Chart.js. */
  charts?: boolean;
}

function Frame(props: PageProps & { nav?: Child; current?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · parcelscreen`}</title>
        <link rel="stylesheet" href={ASSETS.css.path} />
        {props.charts ? <script src={ASSETS.chart.path} defer></script> : null}
        <script src={ASSETS.js.path} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        {props.nav}
        <main id="main" tabindex={-1}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** A signed-in page: the role's navigation, who is signed in, and sign-out. */
export function page(c: Context<ConsoleEnv>, props: PageProps, status: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429 = 200) {
  const role = c.get('principal').role;
  const path = c.req.path;
  const nav = (
    <header class="top">
      <a class="name" href="/console">parcelscreen</a>
      <nav aria-label="Console">
        <ul>
          {NAV[role].map((item) => (
            <li>
              <a href={item.href} aria-current={path === item.href || path.startsWith(`${item.href}/`) ? 'page' : undefined}>{item.label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="who">
        <span>{whoIs(c)}</span>
        <form method="post" action="/console/logout">
          <Csrf c={c} />
          <button type="submit">Sign out</button>
        </form>
      </div>
    </header>
  );
  return html(c, <Frame {...props} nav={nav} />, status);
}

/** A page without a session (sign-in, errors before sign-in). */
export function publicPage(c: Context, props: PageProps, status: 200 | 400 | 401 | 403 | 404 | 429 = 200) {
  return html(c, <Frame {...props} />, status);
}

function html(c: Context, element: Child, status: number) {
  c.header('Cache-Control', 'no-store');
  return c.html(`<!doctype html>${String(element)}`, status as 200);
}

export function Csrf(props: { c: Context<ConsoleEnv> }) {
  return <input type="hidden" name="_csrf" value={props.c.get('session').csrfToken} />;
}

export function Notice(props: { kind?: 'ok' | 'error'; children?: Child }) {
  return (
    <div class={`notice ${props.kind ?? ''}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

/** A labelled text input (the label names it; a hint is tied with aria-describedby). */
export function Field(props: { id: string; name?: string; label: string; value?: string | null; type?: string; hint?: string; required?: boolean; list?: string; autocomplete?: string }) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? <span class="hint" id={hintId}>{props.hint}</span> : null}
      <input
        id={props.id}
        name={props.name ?? props.id}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        aria-describedby={hintId}
        autocomplete={props.autocomplete}
      />
    </div>
  );
}

export function TextArea(props: { id: string; name?: string; label: string; value?: string; hint?: string; required?: boolean; rows?: number }) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.hint ? <span class="hint" id={hintId}>{props.hint}</span> : null}
      <textarea id={props.id} name={props.name ?? props.id} required={props.required} aria-describedby={hintId} rows={props.rows}>{props.value ?? ''}</textarea>
    </div>
  );
}

export function Select(props: { id: string; name?: string; label: string; value?: string; options: readonly (string | { value: string; label: string })[]; blank?: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name ?? props.id}>
        {props.blank !== undefined ? <option value="">{props.blank}</option> : null}
        {props.options.map((o) => {
          const { value, label } = typeof o === 'string' ? { value: o, label: o } : o;
          return <option value={value} selected={value === props.value}>{label}</option>;
        })}
      </select>
    </div>
  );
}

/** A group of radio buttons under a legend (the legend names the question for screen readers). */
export function Radios(props: { name: string; legend: string; options: readonly { value: string; label: string }[]; required?: boolean; checked?: string; children?: Child }) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div class="radios">
        {props.options.map((o, i) => (
          <label><input type="radio" name={props.name} value={o.value} required={props.required && i === 0} checked={props.checked === o.value} />{` ${o.label}`}</label>
        ))}
      </div>
      {props.children}
    </fieldset>
  );
}

/** A form that posts one choice and a reason: a decision, an answer. */
export function ChoiceForm(props: { c: Context<ConsoleEnv>; action: string; name: string; legend: string; options: readonly { value: string; label: string }[]; reasonLabel: string; submit: string }) {
  return (
    <form method="post" action={props.action}>
      <Csrf c={props.c} />
      <Radios name={props.name} legend={props.legend} required options={props.options} />
      <TextArea id="reason" label={props.reasonLabel} />
      <button type="submit">{props.submit}</button>
    </form>
  );
}

export function DecisionBadge(props: { decision: string | null }) {
  return props.decision ? <span class={`badge ${props.decision}`}>{props.decision}</span> : <span class="muted">pending</span>;
}

/** An ISO instant shown to the minute, in UTC (the office's local deadlines are shown as stored). */
export function when(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';
}

/** A deadline as the office states it (`2026-12-15T23:59:59+01:00`), read: `2026-12-15 23:59 (UTC+01:00)`. */
export function due(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  return m ? `${m[1]} ${m[2]} (UTC${m[3] === 'Z' ? '' : m[3]})` : iso;
}

/** A query string from the values that are set. */
export function queryString(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Pages say what they refuse in a page of their own. */
export function refusal(c: Context<ConsoleEnv>, status: 401 | 403 | 404 | 409 | 422 | 400, message: string) {
  const signedIn = Boolean(c.get('principal'));
  const body = (
    <>
      <p role="alert">{message}</p>
      <p>{signedIn ? <a href="/console">Back to the console</a> : <a href="/console/login">Sign in</a>}</p>
    </>
  );
  const title = status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : status === 401 ? 'Signed out' : 'Refused';
  return signedIn ? page(c, { title, children: body }, status) : publicPage(c, { title, children: body }, status as 401);
}
