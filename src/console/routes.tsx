/** @jsxImportSource hono/jsx */
// src/console/: the web console's pages over the same service functions as the API routes.
/**
 * The web console under /console: server-rendered pages over the same service functions the API
 * routes call. Sign-in exchanges an API key for a session (session.ts); each role sees its own
 * pages (customs officers the queue, case files and statistics; rights holders their
 * applications and cases; operators their manifests; admins keys, registry and audit).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { auditAlone } from '../db/audit.ts';
import { findActiveKey, recordKeyUse } from '../db/api-keys.ts';
import { bodySizeLimit } from '../http/body-limit.ts';
import { actor } from '../http/access.ts';
import { assetRoutes } from './assets.ts';
import { customsPages } from './pages/customs.tsx';
import { statisticsPages } from './pages/statistics.tsx';
import { holderPages } from './pages/holder.tsx';
import { operatorPages } from './pages/operator.tsx';
import { adminPages } from './pages/admin.tsx';
import { feedPages } from './pages/feeds.tsx';
import { applicationPages } from './pages/applications.tsx';
import { formValues, text } from './forms.ts';
import { requireSession, SessionStore, type ConsoleEnv } from './session.ts';
import { SignInLimiter } from './sign-in-limiter.ts';
import { HOME, publicPage, refusal } from './ui.tsx';
import type { ConsoleDeps } from './deps.ts';

export type { ConsoleDeps };

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // no socket (app.request in tests)
  }
}

function SignInForm(props: { token: string; error?: string }) {
  return (
    <div class="signin">
      {props.error ? <p class="notice error" role="alert" id="signin-error">{props.error}</p> : null}
      <form method="post" action="/console/login">
        <input type="hidden" name="_csrf" value={props.token} />
        <div class="field">
          <label for="key">API key</label>
          <span class="hint" id="key-hint">The key your administrator gave you (psk_…). It is exchanged for a session and never shown again.</span>
          <input id="key" name="key" type="password" autocomplete="off" required aria-describedby={props.error ? 'key-hint signin-error' : 'key-hint'} />
        </div>
        <button type="submit">Sign in</button>
      </form>
    </div>
  );
}

export function consoleRoutes(deps: ConsoleDeps) {
  const { db, logger } = deps;
  const { config } = deps;
  const store = new SessionStore(db, { secureCookies: config.CONSOLE_SECURE_COOKIES, idleMinutes: config.CONSOLE_SESSION_IDLE_MINUTES, maxHours: config.CONSOLE_SESSION_MAX_HOURS }, deps.workflow.clock);
  const limiter = new SignInLimiter(config.CONSOLE_SIGNIN_ATTEMPTS);
  const app = new Hono<ConsoleEnv>();

  app.use('*', async (c, next) => {
    await next();
    // Pages load only the service's own files; no other site may frame them.
    c.header('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
  });
  app.route('/', assetRoutes());
  app.use('*', bodySizeLimit(() => config.MAX_BODY_BYTES, (c) => refusal(c, 400, `The form is larger than ${config.MAX_BODY_BYTES} bytes.`)));

  app.get('/login', async (c) => {
    if (await store.current(c)) return c.redirect('/console', 303);
    return publicPage(c, { title: 'Sign in', children: <SignInForm token={store.loginToken(c)} /> });
  });

  app.post('/login', async (c) => {
    const address = clientAddress(c);
    const wait = limiter.retryAfter(address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      logger.warn({ address }, 'console sign-in refused: too many failed attempts');
      return publicPage(c, { title: 'Sign in', children: <SignInForm token={store.loginToken(c)} error={`Too many failed sign-ins from your address. Try again in ${Math.ceil(wait / 60)} minutes.`} /> }, 429);
    }
    const form = await formValues(c);
    if (!store.checkLoginToken(c, text(form, '_csrf'))) {
      return publicPage(c, { title: 'Sign in', children: <SignInForm token={store.loginToken(c)} error="The sign-in form expired. Please try again." /> }, 403);
    }
    const key = text(form, 'key');
    const row = key && key.length <= 200 ? await findActiveKey(db, key) : undefined;
    if (!row) {
      const failures = limiter.fail(address);
      // Never the key itself: only where the attempt came from and how many there were.
      logger.warn({ address, failures }, 'console sign-in failed: unknown or revoked key');
      return publicPage(c, { title: 'Sign in', children: <SignInForm token={store.loginToken(c)} error="That key is not valid, or it was revoked." /> }, 401);
    }
    limiter.succeed(address);
    await store.open(c, row.id);
    await recordKeyUse(db, row.id, new Date().toISOString());
    const principal = { keyId: row.id, role: row.role, operatorCode: row.operator_code, holderRef: row.holder_ref };
    await auditAlone(db, { actor: actor(principal), action: 'console.signed_in', entity: 'api_key', entityId: row.id });
    return c.redirect(HOME[row.role], 303);
  });

  app.use('*', requireSession(store, refusal));

  app.get('/', (c) => c.redirect(HOME[c.get('principal').role], 303));

  app.post('/logout', async (c) => {
    await store.close(c, c.get('session'));
    await auditAlone(db, { actor: actor(c.get('principal')), action: 'console.signed_out', entity: 'api_key', entityId: c.get('principal').keyId });
    return c.redirect('/console/login', 303);
  });

  customsPages(app, deps);
  statisticsPages(app, deps);
  applicationPages(app, deps);
  holderPages(app, deps);
  feedPages(app, deps);
  operatorPages(app, deps);
  adminPages(app, deps);

  app.all('*', (c) => refusal(c, 404, 'There is no such page.'));
  app.onError((err, c) => {
    logger.error({ err, path: c.req.path }, 'console page failed');
    return c.html('<!doctype html><title>Error · parcelscreen</title><main><h1>Something went wrong</h1><p>The error was logged. <a href="/console">Back to the console</a></p></main>', 500);
  });
  return app;
}
