/**
 * The layering of src/ as README's architecture section draws it, checked over the import graph
 * with the TypeScript compiler's own parser (so `import type`, `export … from`, dynamic imports
 * and JSX files count, and nothing in a comment or a string does):
 *
 * - `domain/` imports nothing from src/ outside itself;
 * - `db/` imports only `db/` and `domain/` from src/;
 * - the services import each other only downward: workflow → ingest → registry → screening → keys,
 *   and none of them imports http/, console/, cli/ or the wiring (app.ts, main.ts, runtime.ts);
 * - no `kysely` import, query builder call or `sql` template outside `db/`;
 * - no import loop among the files of src/ and workers/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Violation {
  rule: 'domain-imports' | 'db-imports' | 'service-order' | 'sql-outside-db' | 'import-loop';
  file: string;
  detail: string;
}

/** Services, top down: each may import those after it, never those before. */
export const SERVICE_ORDER = ['workflow', 'ingest', 'registry', 'screening', 'keys'] as const;
/** What no service may import: the layers above them. */
const ABOVE_SERVICES = ['http', 'console', 'cli', 'app.ts', 'main.ts', 'runtime.ts'];
/** Kysely's query builder entry points and better-sqlite3's statements: SQL, wherever they are called. */
const SQL_CALLS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto', 'transaction', 'prepare', 'selectNoFrom', 'with']);

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The first folder (or file) of a path under src/: `db`, `domain`, `app.ts` … */
function areaOf(root: string, file: string): string | null {
  const rel = relative(join(root, 'src'), file);
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0]!;
}

interface Parsed {
  imports: { specifier: string; target: string | null }[];
  sqlCalls: string[];
}

function parse(file: string): Parsed {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports: Parsed['imports'] = [];
  const sqlCalls: string[] = [];
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const add = (specifier: string) => {
    const target = specifier.startsWith('.') ? resolve(dirname(file), specifier) : null;
    imports.push({ specifier, target });
  };
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) add(node.arguments[0].text);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && SQL_CALLS.has(node.expression.name.text)) {
      // `.transaction()` and `.with(` are SQL only on a database handle: `db.kysely.transaction()`, `trx.with(…)`, a prepared statement.
      const name = node.expression.name.text;
      const on = node.expression.expression.getText(source);
      if ((name !== 'transaction' && name !== 'with') || /kysely|trx|sqlite|executor/i.test(on)) sqlCalls.push(`line ${line(node)}: .${name}(`);
    }
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 'sql') sqlCalls.push(`line ${line(node)}: sql\`…\``);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { imports, sqlCalls };
}

/** Every violation of the layering under `root` (a folder with src/ and, optionally, workers/). */
export function checkLayering(root: string): Violation[] {
  const dirs = ['src', 'workers'].map((d) => join(root, d)).filter((d) => {
    try {
      return statSync(d).isDirectory();
    } catch {
      return false;
    }
  });
  const files = dirs.flatMap(sourceFiles);
  const known = new Set(files);
  const violations: Violation[] = [];
  const graph = new Map<string, string[]>();
  const name = (f: string) => relative(root, f).split(sep).join('/');

  for (const file of files) {
    const { imports, sqlCalls } = parse(file);
    const area = areaOf(root, file);
    const edges: string[] = [];
    for (const { specifier, target } of imports) {
      if (target && known.has(target)) edges.push(target);
      const to = target ? areaOf(root, target) : null;
      if (area === 'domain' && to !== null && to !== 'domain') violations.push({ rule: 'domain-imports', file: name(file), detail: `imports ${specifier}` });
      if (area === 'db' && to !== null && to !== 'db' && to !== 'domain') violations.push({ rule: 'db-imports', file: name(file), detail: `imports ${specifier}` });
      if (area !== 'db' && area !== null && (specifier === 'kysely' || specifier.startsWith('kysely/'))) violations.push({ rule: 'sql-outside-db', file: name(file), detail: `imports ${specifier}` });
      const rank = SERVICE_ORDER.indexOf(area as (typeof SERVICE_ORDER)[number]);
      if (rank >= 0 && to !== null && to !== area) {
        const toRank = SERVICE_ORDER.indexOf(to as (typeof SERVICE_ORDER)[number]);
        if ((toRank >= 0 && toRank < rank) || ABOVE_SERVICES.includes(to)) violations.push({ rule: 'service-order', file: name(file), detail: `${area} imports ${specifier} (${to} is above it)` });
      }
    }
    if (area !== 'db' && area !== null) for (const call of sqlCalls) violations.push({ rule: 'sql-outside-db', file: name(file), detail: call });
    graph.set(file, edges);
  }

  for (const loop of importLoops(graph)) violations.push({ rule: 'import-loop', file: name(loop[0]!), detail: [...loop, loop[0]!].map(name).join(' → ') });
  return violations;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
function importLoops(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  const connect = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) loops.push(component.reverse());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) connect(v);
  return loops;
}
