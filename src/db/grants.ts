/**
 * PostgreSQL privileges of the service's role when migrations run as another role (the owner of
 * the tables, MIGRATION_DATABASE_URL): ordinary reads and writes everywhere, but only SELECT and
 * INSERT on the audit trail. Without ownership the service's role cannot TRUNCATE the trail, drop
 * or disable its triggers, or grant itself more. The README shows the same statements.
 */
import { sql } from 'kysely';
import type { Db } from './connect.ts';

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** The statements that give `role` what the service needs in `schema`, and no more. */
export function serviceRoleGrants(schema: string, role: string): string[] {
  const s = quote(schema);
  const r = quote(role);
  return [
    `grant usage on schema ${s} to ${r}`,
    `grant select, insert, update, delete on all tables in schema ${s} to ${r}`,
    `revoke update, delete, truncate, references, trigger on ${s}.audit_log from ${r}`,
    `revoke all on ${s}.kysely_migration, ${s}.kysely_migration_lock from ${r}`,
    `grant usage, select on all sequences in schema ${s} to ${r}`,
  ];
}

/** Run by the owner right after migrating: new tables of a migration get their grants at once. */
export async function grantServiceRole(owner: Db, role: string): Promise<void> {
  const schema = owner.pgSchema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(owner.kysely)).rows[0]!.s;
  await owner.kysely.transaction().execute(async (trx) => {
    for (const statement of serviceRoleGrants(schema, role)) await sql.raw(statement).execute(trx);
  });
}

export async function currentRole(db: Db): Promise<string> {
  return (await sql<{ r: string }>`select current_user as r`.execute(db.kysely)).rows[0]!.r;
}
