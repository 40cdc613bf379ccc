/** @jsxImportSource hono/jsx */
/**
 * What operators and rights holders receive, in the console: their notifications (the same feed
 * as `GET /v1/notifications`) and their webhook (shown, and set with the same checks and ping as
 * `PUT /v1/webhooks`; the signing secret is shown once).
 */
import type { Hono } from 'hono';
import { feed } from '../../db/outbox.ts';
import { findWebhook } from '../../db/webhooks.ts';
import { actor, ownerOf } from '../../http/access.ts';
import { registerWebhook } from '../../workflow/webhooks.ts';
import { formValues, text } from '../forms.ts';
import type { ConsoleDeps } from '../deps.ts';
import { refusal } from '../ui.tsx';
import { onlyFor, type ConsoleEnv } from '../session.ts';
import { Csrf, Field, Notice, page, when } from '../ui.tsx';

const PAGE = 50;

export function feedPages(app: Hono<ConsoleEnv>, deps: ConsoleDeps) {
  const { db } = deps;
  const receivers = onlyFor(refusal, 'rightsholder', 'operator');

  app.get('/notifications', receivers, async (c) => {
    const raw = c.req.query('after') ?? '0';
    const after = /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
    const items = await feed(db, ownerOf(c.get('principal')), after, PAGE);
    return page(c, {
      title: 'Notifications',
      children: (
        <>
          <p class="hint">The same messages your webhook receives, oldest first.</p>
          {items.length === 0 ? <p>No notification{after ? ' after these' : ''}.</p> : (
            <table>
              <caption class="visually-hidden">Notifications</caption>
              <thead><tr><th scope="col">#</th><th scope="col">When</th><th scope="col">Event</th><th scope="col">Delivered to the webhook</th><th scope="col">Content</th></tr></thead>
              <tbody>
                {items.map((n) => (
                  <tr><td>{n.id}</td><td>{when(n.createdAt)}</td><td>{n.event}</td><td>{n.deliveredAt ? when(n.deliveredAt) : 'not yet'}</td><td><details><summary>data</summary><pre>{JSON.stringify(n.data, null, 2)}</pre></details></td></tr>
                ))}
              </tbody>
            </table>
          )}
          <nav class="pager" aria-label="Pages">
            {after ? <a href="/console/notifications">First page</a> : null}
            {items.length === PAGE ? <a href={`/console/notifications?after=${items.at(-1)!.id}`} rel="next">Next page</a> : null}
          </nav>
        </>
      ),
    });
  });

  const show = async (c: Parameters<typeof refusal>[0], notice?: { kind: 'ok' | 'error'; text: string; secret?: string }, status: 200 | 422 = 200) => {
    const hook = await findWebhook(db, ownerOf(c.get('principal')));
    return page(c, {
      title: 'Webhook',
      children: (
        <>
          {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
          {notice?.secret ? (
            <section aria-labelledby="secret-h">
              <h2 id="secret-h">Signing secret — shown only now</h2>
              <p class="secret">{notice.secret}</p>
              <p>Keep it where your receiver checks signatures; it is not shown again.</p>
            </section>
          ) : null}
          <dl class="facts">
            <dt>Current target</dt><dd>{hook ? hook.url : 'none: read your notifications by pull'}</dd>
            <dt>Set</dt><dd>{hook ? when(hook.updated_at) : '—'}</dd>
          </dl>
          <h2>Set the webhook</h2>
          <form method="post" action="/console/webhook">
            <Csrf c={c} />
            <Field id="url" label="HTTPS address" type="url" hint="must be https and public; it receives a signed webhook.ping now" required />
            <button type="submit">Save and send a ping</button>
          </form>
        </>
      ),
    }, status);
  };

  app.get('/webhook', receivers, (c) => show(c));

  app.post('/webhook', receivers, async (c) => {
    const form = await formValues(c);
    const url = text(form, 'url');
    if (!url || url.length > 2000) return show(c, { kind: 'error', text: 'Give an https address of at most 2,000 characters.' }, 422);
    const p = c.get('principal');
    const result = await registerWebhook(db, ownerOf(p), url, undefined, actor(p), deps.webhooks);
    if (!result.ok) return show(c, { kind: 'error', text: `Not set: ${result.reason}` }, 422);
    const pinged = 'status' in result.ping ? `the ping was answered ${result.ping.status}` : `the ping failed (${result.ping.error}); deliveries will retry`;
    return show(c, { kind: 'ok', text: `Webhook set to ${result.url}; ${pinged}.`, secret: result.secret });
  });
}
