/**
 * Who may call what, and as whom: the role check every route declares, the scopes that confine an
 * operator to its manifests and a rights holder to its applications and cases, and the strings a
 * caller is recorded under (the audit trail's actor, the outbox's owner). Authentication itself
 * (the key, its cache and limits) is in auth.ts.
 */
import type { MiddlewareHandler } from 'hono';
import type { Role } from '../db/schema.ts';
import { ACTORS, holderOwner, operatorOwner } from '../domain/events.ts';
import { errorResponse } from './errors.ts';
import type { AppEnv, Principal } from './types.ts';

export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get('principal');
    if (!roles.includes(role)) {
      return errorResponse(c, 403, 'forbidden', `this endpoint is for: ${roles.join(', ')}`);
    }
    await next();
  };
}

/** Operators are confined to their own manifests; customs and admin read every operator's. */
export function operatorScope(principal: Principal): string | null {
  return principal.role === 'operator' ? principal.operatorCode : null;
}

/** Rights holders are confined to their own applications; customs and admin see all. */
export function holderScope(p: Principal): string | null {
  return p.role === 'rightsholder' ? p.holderRef : null;
}

/** Who did it, as the audit trail and the registry's history record it. */
export const actor = (p: Principal) => ACTORS.roleKey(p.role, p.keyId);

/** The outbox owner a key receives messages as. */
export function ownerOf(p: Principal): string {
  // Keys of these roles are created with their holder or operator (src/keys/spec.ts).
  return p.role === 'rightsholder' ? holderOwner(p.holderRef!) : operatorOwner(p.operatorCode!);
}
