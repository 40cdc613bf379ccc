/**
 * Console sessions: an API key is exchanged once for a random session id in a cookie (HttpOnly,
 * SameSite=Strict, Secure with the `__Host-` prefix unless configured off). The database keeps
 * only the id's SHA-256, so any node answers any request and a stolen table opens nothing. A
 * session ends when idle for `idleMinutes`, `maxHours` after sign-in, at sign-out, or when its
 * key is revoked. Every POST carries the session's synchronizer token (`_csrf`).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/connect.ts';
import { deleteEndedSessions, deleteSession, findSession, insertSession, touchSession } from '../db/console-sessions.ts';
import type { Role } from '../db/schema.ts';
import type { AppEnv, Principal } from '../http/types.ts';

export interface SessionSettings {
  secureCookies: boolean;
  idleMinutes: number;
  maxHours: number;
}

export interface ConsoleSession {
  idHash: string;
  csrfToken: string;
}

export interface ConsoleEnv {
  Variables: AppEnv['Variables'] & { session: ConsoleSession };
}

/** Written at most this often: the idle clock needs minutes, not a write per page. */
const TOUCH_EVERY_MS = 60_000;

const hashId = (id: string) => createHash('sha256').update(id).digest('hex');
const token = () => randomBytes(32).toString('base64url');

export function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieNames(secure: boolean) {
  // `__Host-` cookies must be Secure, host-only and for the whole site: no subdomain can plant one.
  return secure ? { session: '__Host-ps_session', login: '__Host-ps_login' } : { session: 'ps_session', login: 'ps_login' };
}

function cookieOptions(settings: SessionSettings, maxAgeSeconds: number) {
  return { httpOnly: true, secure: settings.secureCookies, sameSite: 'Strict' as const, path: '/', maxAge: maxAgeSeconds };
}

export class SessionStore {
  private lastSweep = 0;
  private readonly names;

  constructor(
    private readonly db: Db,
    private readonly settings: SessionSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.names = cookieNames(settings.secureCookies);
  }

  /** Opens a session for the key and sets its cookie. */
  async open(c: Context, keyId: string): Promise<void> {
    const id = token();
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + this.settings.maxHours * 3_600_000).toISOString();
    await insertSession(this.db, { idHash: hashId(id), keyId, csrfToken: token(), at: now.toISOString(), expiresAt });
    setCookie(c, this.names.session, id, cookieOptions(this.settings, this.settings.maxHours * 3600));
    await this.sweep(now);
  }

  /** The session of the request's cookie, or null (unknown, idle too long, past its end, key revoked). */
  async current(c: Context): Promise<{ principal: Principal; session: ConsoleSession } | null> {
    const id = getCookie(c, this.names.session);
    if (!id || id.length > 100) return null;
    const idHash = hashId(id);
    const now = this.clock();
    const stored = await findSession(this.db, idHash, now.toISOString());
    if (!stored) return null;
    const idleFor = now.getTime() - Date.parse(stored.lastSeenAt);
    if (idleFor > this.settings.idleMinutes * 60_000) {
      await deleteSession(this.db, idHash);
      return null;
    }
    if (idleFor > TOUCH_EVERY_MS) await touchSession(this.db, idHash, now.toISOString());
    return {
      principal: { keyId: stored.keyId, role: stored.role, operatorCode: stored.operatorCode, holderRef: stored.holderRef },
      session: { idHash, csrfToken: stored.csrfToken },
    };
  }

  async close(c: Context, session: ConsoleSession): Promise<void> {
    await deleteSession(this.db, session.idHash);
    deleteCookie(c, this.names.session, { path: '/', secure: this.settings.secureCookies });
  }

  /** The sign-in form's token (double submit: a cookie and the same value in the form; SameSite keeps other sites out). */
  loginToken(c: Context): string {
    const existing = getCookie(c, this.names.login);
    if (existing && /^[\w-]{43}$/.test(existing)) return existing;
    const fresh = token();
    setCookie(c, this.names.login, fresh, cookieOptions(this.settings, 3600));
    return fresh;
  }

  checkLoginToken(c: Context, given: string | undefined): boolean {
    const expected = getCookie(c, this.names.login);
    return expected !== undefined && sameToken(given, expected);
  }

  /** Ended sessions are removed at most once a minute per node, on a sign-in. */
  private async sweep(now: Date): Promise<void> {
    if (now.getTime() - this.lastSweep < 60_000) return;
    this.lastSweep = now.getTime();
    await deleteEndedSessions(this.db, now.toISOString(), new Date(now.getTime() - this.settings.idleMinutes * 60_000).toISOString());
  }
}

/**
 * Pages behind sign-in: no session → the sign-in page (GET) or 401 (POST); a POST without the
 * session's token → 403. Sets `principal` (so pages call services exactly as the API does) and `session`.
 */
export function requireSession(store: SessionStore, refuse: (c: Context<ConsoleEnv>, status: 401 | 403, message: string) => Response | Promise<Response>): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const found = await store.current(c);
    if (!found) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect('/console/login', 303);
      return refuse(c, 401, 'Your session has ended. Sign in again.');
    }
    c.set('principal', found.principal);
    c.set('session', found.session);
    if (c.req.method === 'POST') {
      // Every field, repeated ones as lists: the body is parsed once per request, so pages read this same parse.
      const form = await c.req.parseBody({ all: true });
      const given = form._csrf;
      if (typeof given !== 'string' || !sameToken(given, found.session.csrfToken)) {
        return refuse(c, 403, 'This form has expired or did not come from this console. Go back, reload the page and try again.');
      }
    }
    await next();
  };
}

/** The roles a page is for; others get 403. */
export function onlyFor(refuse: (c: Context<ConsoleEnv>, status: 403, message: string) => Response | Promise<Response>, ...roles: Role[]): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('principal').role)) return refuse(c, 403, `This page is for: ${roles.join(', ')}.`);
    await next();
  };
}
