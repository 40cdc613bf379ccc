import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLayering } from './support/layering.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('layering', () => {
  it('holds for the service: domain imports nothing, db only the domain, services downward, SQL only in db, no loop', () => {
    expect(checkLayering(repo)).toEqual([]);
  });

  describe('fails on each kind of violation (a fixture tree)', () => {
    const root = mkdtempSync(join(tmpdir(), 'layering-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const write = (files: Record<string, string>) => {
      const dir = mkdtempSync(join(root, 'case-'));
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      return dir;
    };
    // A clean tree to start from: each case adds one violation to it.
    const clean = {
      'src/domain/decision.ts': "export const DECISIONS = ['hold'] as const;\n",
      'src/db/parcels.ts': "import { sql } from 'kysely';\nimport { DECISIONS } from '../domain/decision.ts';\nexport const q = (db: any) => sql`select ${DECISIONS[0]}`.execute(db.kysely);\n",
      'src/screening/screen.ts': "import { DECISIONS } from '../domain/decision.ts';\nexport const first = DECISIONS[0];\n",
      'src/registry/publish.ts': "import { first } from '../screening/screen.ts';\nimport { q } from '../db/parcels.ts';\nexport const go = (db: unknown) => q(db) && first;\n",
      'src/http/routes.ts': "import { go } from '../registry/publish.ts';\nexport const route = go;\n",
    };

    it('accepts the clean tree', () => {
      expect(checkLayering(write(clean))).toEqual([]);
    });

    it('db importing a service', () => {
      const v = checkLayering(write({ ...clean, 'src/db/parcels.ts': clean['src/db/parcels.ts'] + "import type { first } from '../screening/screen.ts';\nexport type F = typeof first;\n" }));
      expect(v).toContainEqual({ rule: 'db-imports', file: 'src/db/parcels.ts', detail: 'imports ../screening/screen.ts' });
    });

    it('domain importing anything else of src', () => {
      const v = checkLayering(write({ ...clean, 'src/domain/decision.ts': "export { q } from '../db/parcels.ts';\nexport const DECISIONS = ['hold'] as const;\n" }));
      expect(v.map((x) => x.rule)).toContain('domain-imports');
    });

    it('kysely or SQL outside db, but not a word in a comment', () => {
      const v = checkLayering(
        write({
          ...clean,
          'src/registry/publish.ts': clean['src/registry/publish.ts'] + "// a comment may say db.kysely.selectFrom('parcels') freely\nexport const n = (k: any) => k.selectFrom('parcels').selectAll().execute();\n",
          'src/http/health.ts': "import { sql } from 'kysely';\nexport const ping = (db: any) => sql`select 1`.execute(db);\n",
        }),
      );
      expect(v).toContainEqual({ rule: 'sql-outside-db', file: 'src/registry/publish.ts', detail: 'line 5: .selectFrom(' });
      expect(v).toContainEqual({ rule: 'sql-outside-db', file: 'src/http/health.ts', detail: 'imports kysely' });
      expect(v).toContainEqual({ rule: 'sql-outside-db', file: 'src/http/health.ts', detail: 'line 2: sql`…`' });
      expect(v.filter((x) => x.file === 'src/registry/publish.ts')).toHaveLength(1);
    });

    it('a service importing one above it, or the HTTP layer', () => {
      const v = checkLayering(write({ ...clean, 'src/screening/screen.ts': clean['src/screening/screen.ts'] + "import type { route } from '../http/routes.ts';\nexport type R = typeof route;\n" }));
      expect(v.map((x) => `${x.rule} ${x.file}`)).toContain('service-order src/screening/screen.ts');
    });

    it('an import loop', () => {
      const v = checkLayering(write({ ...clean, 'src/screening/a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n", 'src/screening/b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n" }));
      expect(v).toContainEqual({ rule: 'import-loop', file: 'src/screening/a.ts', detail: 'src/screening/a.ts → src/screening/b.ts → src/screening/a.ts' });
    });
  });
});
