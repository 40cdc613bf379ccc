/**
 * Couriers export manifests as CSV: one row per item line, the parcel's columns repeated on each
 * of its rows. This turns such a file into the same body the JSON API takes, so one validator
 * serves both. Cells are kept as text except the numeric columns, which become numbers when
 * they parse (otherwise the text stays and the validator names the field).
 */
import { parse } from 'csv-parse/sync';

/** Column names, in the order the README documents them. */
export const CSV_COLUMNS = [
  'manifest_ref', 'mode', 'regime', 'destination_country',
  'item_id', 'category',
  'seller_name', 'seller_country', 'seller_marketplace', 'seller_url',
  'sender_name', 'sender_address', 'sender_country',
  'consignee_name', 'consignee_address', 'consignee_country',
  'gross_weight_kg',
  'description', 'hs_code', 'quantity', 'value', 'currency', 'origin_country', 'net_weight_kg',
] as const;

const REQUIRED_COLUMNS = ['item_id', 'description'] as const;
const HEADER_COLUMNS = ['manifest_ref', 'mode', 'regime', 'destination_country'] as const;

type Row = Record<string, string>;

export type CsvResult = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

function cell(row: Row, column: string): string | undefined {
  const value = row[column]?.trim();
  return value ? value : undefined;
}

function numberCell(row: Row, column: string): number | string | undefined {
  const value = cell(row, column);
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

function party(row: Row, prefix: 'sender' | 'consignee') {
  return {
    name: cell(row, `${prefix}_name`),
    address: cell(row, `${prefix}_address`),
    country: cell(row, `${prefix}_country`),
  };
}

/**
 * Manifest-level fields come from the query string (`?manifestRef=…&mode=…`) or from their
 * columns; a column must hold one value for the whole file.
 */
export function csvToManifestBody(csv: string, query: Record<string, string | undefined>): CsvResult {
  let rows: Row[];
  try {
    rows = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true, trim: false, relax_column_count: false });
  } catch (err) {
    return { ok: false, message: `CSV could not be read: ${(err as Error).message}` };
  }
  if (rows.length === 0) return { ok: false, message: 'CSV has no data rows' };
  const first = rows[0]!;
  for (const col of REQUIRED_COLUMNS) {
    if (!(col in first)) return { ok: false, message: `CSV is missing the column ${col}` };
  }
  const header: Record<string, string | undefined> = {};
  const camel: Record<(typeof HEADER_COLUMNS)[number], string> = {
    manifest_ref: 'manifestRef', mode: 'mode', regime: 'regime', destination_country: 'destinationCountry',
  };
  for (const col of HEADER_COLUMNS) {
    const key = camel[col];
    const values = new Set(rows.map((r) => cell(r, col)).filter((v) => v !== undefined));
    if (values.size > 1) return { ok: false, message: `CSV column ${col} must hold one value for the whole manifest` };
    header[key] = query[key] ?? [...values][0];
  }

  // Rows of one parcel share its item id; parcels keep the order of their first row.
  const parcels = new Map<string, { parcel: Record<string, unknown>; items: unknown[] }>();
  rows.forEach((row, i) => {
    const itemId = cell(row, 'item_id') ?? `(row ${i + 2})`;
    let entry = parcels.get(itemId);
    if (!entry) {
      const items: unknown[] = [];
      entry = {
        items,
        parcel: {
          itemId: cell(row, 'item_id'),
          category: cell(row, 'category'),
          seller: {
            name: cell(row, 'seller_name'),
            country: cell(row, 'seller_country'),
            marketplace: cell(row, 'seller_marketplace'),
            url: cell(row, 'seller_url'),
          },
          sender: party(row, 'sender'),
          consignee: party(row, 'consignee'),
          grossWeightKg: numberCell(row, 'gross_weight_kg'),
          items,
        },
      };
      parcels.set(itemId, entry);
    }
    entry.items.push({
      description: cell(row, 'description'),
      hsCode: cell(row, 'hs_code'),
      quantity: numberCell(row, 'quantity'),
      value: numberCell(row, 'value'),
      currency: cell(row, 'currency'),
      originCountry: cell(row, 'origin_country'),
      netWeightKg: numberCell(row, 'net_weight_kg'),
    });
  });
  return { ok: true, body: { ...header, parcels: [...parcels.values()].map((p) => p.parcel) } };
}
