/**
 * A database prepared for a real server: migrated, with one API key per role (two operators, so
 * a test or a campaign can set one tenant against another).
 */
import { connect } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createApiKey } from '../../src/db/api-keys.ts';

export interface RoleKeys {
  operatorA: string;
  operatorB: string;
  customs: string;
  admin: string;
  rightsholder: string;
}

export async function prepareDatabase(databaseUrl: string): Promise<RoleKeys> {
  const db = await connect(databaseUrl);
  try {
    await migrateToLatest(db);
    return {
      operatorA: (await createApiKey(db, { role: 'operator', operatorCode: 'OPA' })).key,
      operatorB: (await createApiKey(db, { role: 'operator', operatorCode: 'OPB' })).key,
      customs: (await createApiKey(db, { role: 'customs' })).key,
      admin: (await createApiKey(db, { role: 'admin' })).key,
      rightsholder: (await createApiKey(db, { role: 'rightsholder', holderRef: 'HOLDER-1' })).key,
    };
  } finally {
    await db.close();
  }
}
