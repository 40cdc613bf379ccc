/**
 * Couriers export manifests as CSV: one row per item line, the parcel's columns repeated on each
 * of its rows (or left blank after the first). This turns such a file into the same body the JSON
 * API takes, so one validator serves both, and keeps where each cell came from, so that what the
 * validator finds wrong is reported as a line, a column and the value written there.
 *
 * The file is checked as a whole first, once: its encoding (UTF-8, or UTF-16 with a byte-order
 * mark), its delimiter (comma, semicolon or tab, read from the header line), its header (every
 * column known, none missing, none twice) and that every row has as many cells as the header.
 */
import { parse } from 'csv-parse/sync';
import { formatPath, type FieldError } from './manifest.ts';

type Level = 'manifest' | 'parcel' | 'item';

interface Column {
  name: string;
  level: Level;
  /** Where the cell goes in the manifest, the parcel or the item line. */
  path: readonly string[];
  number?: boolean;
  required?: boolean;
}

const col = (name: string, level: Level, path: string, options: { number?: boolean; required?: boolean } = {}): Column => ({
  name,
  level,
  path: path.split('.'),
  ...options,
});

/** Identifiers, contact and address parts of a party: `<party>_<suffix>`. */
const PARTY_DETAILS: [string, string][] = [
  ['street', 'street'], ['house_number', 'houseNumber'], ['postcode', 'postcode'], ['city', 'city'], ['subdivision', 'subdivision'],
  ['eori', 'eori'], ['tax_id', 'taxId'], ['other_id_type', 'otherId.type'], ['other_id', 'otherId.value'], ['phone', 'phone'], ['email', 'email'],
];
const details = (prefix: string, key: string) => PARTY_DETAILS.map(([suffix, path]) => col(`${prefix}_${suffix}`, 'parcel', `${key}.${path}`));

/** Every column a manifest CSV may have, in the order the README documents them. */
const COLUMNS: readonly Column[] = [
  col('manifest_ref', 'manifest', 'manifestRef'),
  col('mode', 'manifest', 'mode'),
  col('regime', 'manifest', 'regime'),
  col('destination_country', 'manifest', 'destinationCountry'),
  col('item_id', 'parcel', 'itemId', { required: true }),
  col('category', 'parcel', 'category', { required: true }),
  col('gross_weight_kg', 'parcel', 'grossWeightKg', { number: true }),
  col('house_waybill', 'parcel', 'houseWaybill'),
  col('master_waybill', 'parcel', 'masterWaybill'),
  col('transport_document_type', 'parcel', 'transportDocument.type'),
  col('transport_document_reference', 'parcel', 'transportDocument.reference'),
  col('seller_name', 'parcel', 'seller.name', { required: true }),
  col('seller_country', 'parcel', 'seller.country', { required: true }),
  col('seller_marketplace', 'parcel', 'seller.marketplace'),
  col('seller_url', 'parcel', 'seller.url'),
  col('seller_address', 'parcel', 'seller.address'),
  ...details('seller', 'seller'),
  col('sender_name', 'parcel', 'sender.name', { required: true }),
  col('sender_address', 'parcel', 'sender.address'),
  col('sender_country', 'parcel', 'sender.country', { required: true }),
  ...details('sender', 'sender'),
  col('consignee_name', 'parcel', 'consignee.name', { required: true }),
  col('consignee_address', 'parcel', 'consignee.address'),
  col('consignee_country', 'parcel', 'consignee.country', { required: true }),
  ...details('consignee', 'consignee'),
  col('description', 'item', 'description', { required: true }),
  col('hs_code', 'item', 'hsCode', { required: true }),
  col('quantity', 'item', 'quantity', { number: true, required: true }),
  col('value', 'item', 'value', { number: true, required: true }),
  col('currency', 'item', 'currency', { required: true }),
  col('origin_country', 'item', 'originCountry'),
  col('net_weight_kg', 'item', 'netWeightKg', { number: true }),
  col('item_gross_weight_kg', 'item', 'grossWeightKg', { number: true }),
];

export const CSV_COLUMNS: readonly string[] = COLUMNS.map((c) => c.name);

/** Columns that are not in the list are refused, unless named for `extra`: the parcel's, or the item line's. */
export const EXTRA_PREFIX = { parcel: 'extra_', item: 'item_extra_' } as const;

const BY_NAME = new Map(COLUMNS.map((c) => [c.name, c]));
/** `parcel:seller.name` → `seller_name`: from a validation path back to the column. */
const BY_PATH = new Map(COLUMNS.map((c) => [`${c.level}:${c.path.join('.')}`, c.name]));

/** The manifest fields that may come as query parameters instead of columns. */
const QUERY_FIELDS = new Map(COLUMNS.filter((c) => c.level === 'manifest').map((c) => [c.path[0]!, c.name]));

/** Where a problem is in the file: a line, a column and what it holds there. */
export interface CsvFieldError extends FieldError {
  line?: number;
  column?: string;
  value?: string;
}

type Row = { line: number; cells: string[] };

/** Where each manifest field and each parcel came from. */
export interface CsvSource {
  /** The first line of each parcel, by its index in `body.parcels`. */
  lines: number[];
  /** A validation problem, by parcel index (null: the manifest's own fields) and path, as a place in the file. */
  locate(index: number | null, path: ReadonlyArray<PropertyKey>, message: string): CsvFieldError;
  /** Parcels whose rows disagree on a parcel column, by index: rejected whatever else they hold. */
  conflicts: Map<number, CsvFieldError[]>;
}

export type CsvResult =
  | { ok: true; body: Record<string, unknown>; source: CsvSource }
  | { ok: false; code: 'malformed_csv' | 'invalid_csv_header'; message: string; errors?: CsvFieldError[] };

const DELIMITERS = [',', ';', '\t'] as const;

/** The text of a CSV body: UTF-8 (its byte-order mark dropped), or UTF-16 when a byte-order mark says so. */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // TextDecoder drops a UTF-8 byte-order mark by default.
  return new TextDecoder('utf-8').decode(bytes);
}

/** The delimiter that splits the header line into the most cells, outside quotes; a comma on a tie. */
export function detectDelimiter(text: string): (typeof DELIMITERS)[number] {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: (typeof DELIMITERS)[number] = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** `Seller Name`, `seller-name` and `SELLER_NAME` all name `seller_name`. */
function normaliseHeader(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

type HeaderColumn = { column: Column } | { extra: 'parcel' | 'item'; key: string; name: string };

function readHeader(cells: string[], query: Record<string, string | undefined>): { ok: true; columns: HeaderColumn[] } | { ok: false; errors: CsvFieldError[] } {
  const errors: CsvFieldError[] = [];
  const columns: HeaderColumn[] = [];
  const seen = new Set<string>();
  for (const raw of cells) {
    const name = normaliseHeader(raw);
    const where = { line: 1, column: raw.trim(), value: raw };
    if (seen.has(name)) errors.push({ path: `line 1, column ${raw.trim()}`, ...where, message: 'column appears twice in the header' });
    seen.add(name);
    const column = BY_NAME.get(name);
    if (column) columns.push({ column });
    else if (name.startsWith(EXTRA_PREFIX.item) && name.length > EXTRA_PREFIX.item.length) {
      columns.push({ extra: 'item', key: raw.trim().slice(EXTRA_PREFIX.item.length), name: raw.trim() });
    } else if (name.startsWith(EXTRA_PREFIX.parcel) && name.length > EXTRA_PREFIX.parcel.length) {
      columns.push({ extra: 'parcel', key: raw.trim().slice(EXTRA_PREFIX.parcel.length), name: raw.trim() });
    } else {
      errors.push({
        path: `line 1, column ${raw.trim() || '(empty)'}`,
        ...where,
        message: `unknown column; the columns are listed in the README (fields of your own go in columns named ${EXTRA_PREFIX.parcel}<name> or ${EXTRA_PREFIX.item}<name>)`,
      });
    }
  }
  for (const column of COLUMNS) {
    if (seen.has(column.name)) continue;
    if (column.required) errors.push({ path: `column ${column.name}`, column: column.name, message: 'required column is missing from the header' });
    if (column.level === 'manifest' && query[column.path[0]!] === undefined) {
      errors.push({ path: `column ${column.name}`, column: column.name, message: `is missing: give it as a column or as the query parameter ${column.path[0]}` });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, columns };
}

/** One line for all the header's problems: `CSV header: unknown column hscode; missing column hs_code`. */
function headerMessage(errors: CsvFieldError[]): string {
  const kinds: [string, string, (e: CsvFieldError) => boolean][] = [
    ['unknown column', 'unknown columns', (e) => e.message.startsWith('unknown')],
    ['column twice', 'columns twice', (e) => e.message.includes('twice')],
    ['missing column', 'missing columns', (e) => e.line === undefined],
  ];
  const parts = kinds.flatMap(([one, many, test]) => {
    const names = [...new Set(errors.filter(test).map((e) => e.column))];
    return names.length ? [`${names.length > 1 ? many : one} ${names.join(', ')}`] : [];
  });
  return `CSV header: ${parts.join('; ')}`;
}

/** csv-parse's errors, as a line and what is wrong there. */
function unreadable(err: unknown): string {
  const e = err as { code?: string; lines?: number; message?: string };
  const line = e.lines ? `line ${e.lines}: ` : '';
  switch (e.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `${line}a quoted cell is not closed`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `${line}a quote ends a cell in the middle (write "" for a quote inside a quoted cell)`;
    default:
      return `${line}${e.message ?? 'unreadable'}`;
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const step of path.slice(0, -1)) {
    let child = node[step] as Record<string, unknown> | undefined;
    if (!child) node[step] = child = {};
    node = child;
  }
  node[path[path.length - 1]!] = value;
}

interface ParcelRows {
  /** Its index in `body.parcels`. */
  index: number;
  parcel: Record<string, unknown>;
  /** The cells of parcel columns as first written, by column name: later rows must agree. */
  cells: Map<string, { line: number; value: string }>;
  firstLine: number;
  itemLines: number[];
  itemRows: Row[];
}

/**
 * Manifest-level fields come from the query string (`?manifestRef=…&mode=…`) or from their
 * columns; a column must hold one value for the whole file, and agree with the query if both
 * are given.
 */
export function csvToManifestBody(csv: string, query: Record<string, string | undefined>): CsvResult {
  // One kind of line break: csv-parse counts a CRLF inside a quoted cell as two lines.
  csv = csv.replace(/\r\n?/g, '\n');
  const delimiter = detectDelimiter(csv);
  let records: { record: string[]; info: { lines: number; empty_lines: number } }[];
  try {
    records = parse(csv, { delimiter, info: true, bom: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (err) {
    return { ok: false, code: 'malformed_csv', message: `CSV could not be read: ${unreadable(err)}` };
  }
  // csv-parse reports the line a record ends on; it starts after the previous one and the empty lines skipped since.
  const rows: Row[] = [];
  let previousEnd = 0;
  let previousEmpty = 0;
  for (const { record, info } of records) {
    // A row of empty cells (`;;;;`, as spreadsheets export blank rows) is skipped like an empty line.
    if (record.some((cell) => cell.trim() !== '')) rows.push({ line: previousEnd + 1 + (info.empty_lines - previousEmpty), cells: record });
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
  }
  const [headerRow, ...dataRows] = rows;
  if (!headerRow) return { ok: false, code: 'malformed_csv', message: 'CSV is empty: it needs a header line and data rows' };
  const header = readHeader(headerRow.cells, query);
  if (!header.ok) {
    return { ok: false, code: 'invalid_csv_header', message: headerMessage(header.errors), errors: header.errors };
  }
  if (dataRows.length === 0) return { ok: false, code: 'malformed_csv', message: 'CSV has a header but no data rows' };
  const width = headerRow.cells.length;
  const ragged = dataRows.filter((r) => r.cells.length !== width);
  if (ragged.length > 0) {
    const shown = ragged.slice(0, 5).map((r) => `line ${r.line} has ${r.cells.length}`).join(', ');
    return {
      ok: false,
      code: 'malformed_csv',
      message: `every row needs as many cells as the header (${width}, separated by ${delimiter === '\t' ? 'tabs' : `"${delimiter}"`}): ${shown}${ragged.length > 5 ? `, and ${ragged.length - 5} more` : ''}`,
    };
  }
  const columns = header.columns;
  const indexOf = new Map<string, number>();
  columns.forEach((c, i) => indexOf.set('column' in c ? c.column.name : c.name, i));
  // A semicolon or a tab leaves the comma to decimals, as spreadsheets in most of Europe write them.
  const decimalComma = delimiter !== ',';
  const cellText = (row: Row, i: number) => row.cells[i]!.trim();
  const toValue = (text: string, column: Column) => {
    if (!column.number) return text;
    const n = Number(decimalComma && /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text);
    return Number.isFinite(n) ? n : text;
  };

  // The manifest's own fields: one value per file.
  const envelope: Record<string, unknown> = {};
  const envelopeSource = new Map<string, { line?: number; column?: string; value: string }>();
  for (const [field, name] of QUERY_FIELDS) {
    const i = indexOf.get(name);
    const fromQuery = query[field];
    let fromFile: { line: number; value: string } | undefined;
    if (i !== undefined) {
      for (const row of dataRows) {
        const value = cellText(row, i);
        if (!value) continue;
        if (fromFile && fromFile.value !== value) {
          return { ok: false, code: 'malformed_csv', message: `column ${name} must hold one value for the whole manifest: line ${fromFile.line} has "${fromFile.value}", line ${row.line} "${value}"` };
        }
        fromFile ??= { line: row.line, value };
      }
    }
    if (fromQuery !== undefined && fromFile && fromFile.value !== fromQuery) {
      return { ok: false, code: 'malformed_csv', message: `the query parameter ${field}=${fromQuery} and column ${name} (line ${fromFile.line}: "${fromFile.value}") disagree` };
    }
    if (fromQuery !== undefined) {
      envelope[field] = fromQuery;
      envelopeSource.set(field, { value: fromQuery });
    } else if (fromFile) {
      envelope[field] = fromFile.value;
      envelopeSource.set(field, { line: fromFile.line, column: name, value: fromFile.value });
    }
  }

  // Rows of one parcel share its item id; parcels keep the order of their first row.
  const parcels = new Map<string, ParcelRows>();
  const conflicts = new Map<number, CsvFieldError[]>();
  const itemIdAt = indexOf.get('item_id')!;
  for (const row of dataRows) {
    const key = cellText(row, itemIdAt) || `(line ${row.line})`;
    let entry = parcels.get(key);
    if (!entry) {
      entry = { index: parcels.size, parcel: {}, cells: new Map(), firstLine: row.line, itemLines: [], itemRows: [] };
      entry.parcel.items = [];
      parcels.set(key, entry);
    }
    const item: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const text = cellText(row, i);
      if (!text) return;
      if ('extra' in c) {
        const target = c.extra === 'item' ? item : entry.parcel;
        const extra = (target.extra ??= {}) as Record<string, unknown>;
        if (c.extra === 'item') extra[c.key] = text;
        else setParcelCell(entry, conflicts, { name: c.name, line: row.line, text }, () => (extra[c.key] = text));
        return;
      }
      const { column } = c;
      if (column.level === 'item') setPath(item, column.path, toValue(text, column));
      else if (column.level === 'parcel') setParcelCell(entry, conflicts, { name: column.name, line: row.line, text }, () => setPath(entry.parcel, column.path, toValue(text, column)));
    });
    (entry.parcel.items as unknown[]).push(item);
    entry.itemLines.push(row.line);
    entry.itemRows.push(row);
  }

  const list = [...parcels.values()];
  const locate = (index: number | null, path: ReadonlyArray<PropertyKey>, message: string): CsvFieldError => {
    if (index === null) {
      const source = envelopeSource.get(String(path[0]));
      if (!source) return { path: `column ${QUERY_FIELDS.get(String(path[0])) ?? formatPath(path)}`, column: QUERY_FIELDS.get(String(path[0])), message };
      if (source.column) return { path: `line ${source.line}, column ${source.column}`, line: source.line, column: source.column, value: source.value, message };
      return { path: `query.${String(path[0])}`, value: source.value, message };
    }
    const entry = list[index]!;
    let level: 'parcel' | 'item' = 'parcel';
    let rest = path;
    let row: Row | undefined;
    let line = entry.firstLine;
    if (path[0] === 'items' && typeof path[1] === 'number') {
      level = 'item';
      rest = path.slice(2);
      row = entry.itemRows[path[1]];
      line = entry.itemLines[path[1]] ?? line;
    }
    let column: string | undefined;
    if (rest[0] === 'extra' && rest.length > 1) column = columns.map((c) => ('extra' in c && c.extra === level && c.key === String(rest[1]) ? c.name : undefined)).find(Boolean);
    else column = BY_PATH.get(`${level}:${rest.join('.')}`);
    if (!column) return { path: `line ${line}`, line, message: rest.length ? `${formatPath(rest)} ${message}` : message };
    const i = indexOf.get(column);
    const value = level === 'item' ? (row && i !== undefined ? cellText(row, i) : '') : (entry.cells.get(column)?.value ?? '');
    return { path: `line ${line}, column ${column}`, line, column, value, message };
  };

  return {
    ok: true,
    body: { ...envelope, parcels: list.map((p) => p.parcel) },
    source: { lines: list.map((p) => p.firstLine), locate, conflicts },
  };
}

/**
 * A parcel column is written on the parcel's first row; later rows may leave it blank or repeat
 * it. A different value on a later row is a problem of that row: which one is right cannot be told.
 */
function setParcelCell(
  entry: ParcelRows,
  conflicts: Map<number, CsvFieldError[]>,
  cell: { name: string; line: number; text: string },
  set: () => void,
): void {
  const first = entry.cells.get(cell.name);
  if (!first) {
    entry.cells.set(cell.name, { line: cell.line, value: cell.text });
    set();
  } else if (first.value !== cell.text) {
    const list = conflicts.get(entry.index) ?? [];
    list.push({
      path: `line ${cell.line}, column ${cell.name}`,
      line: cell.line,
      column: cell.name,
      value: cell.text,
      message: `differs from line ${first.line} ("${first.value}") for the same item_id`,
    });
    conflicts.set(entry.index, list);
  }
}
