/**
 * CSV manifests: the file is checked once as a whole (encoding, delimiter, header, row widths),
 * every field of the JSON contract has its column, and problems are reported as a line, a column
 * and the value written there.
 */
import { describe, expect, it } from 'vitest';
import { csvToManifestBody, CSV_COLUMNS, detectDelimiter } from '../src/domain/manifest-csv.ts';
import { readManifest, type ManifestRead } from '../src/domain/read-manifest.ts';
import { validateManifest } from '../src/domain/validate-manifest.ts';
import { s10 } from './support/fixtures.ts';

type Cells = Record<string, string>;

const BASE: Cells = {
  manifest_ref: 'M-CSV', mode: 'postal', regime: 'import', destination_country: 'BE', item_id: s10(1), category: 'sale_of_goods',
  seller_name: 'Shop Ltd', seller_country: 'CN', sender_name: 'Shop', sender_country: 'CN', consignee_name: 'Anna', consignee_address: 'Rue 1, Bruxelles',
  consignee_country: 'BE', gross_weight_kg: '1.2', description: 'Shoes', hs_code: '6404.11', quantity: '1', value: '20', currency: 'EUR', origin_country: 'CN',
};

const quote = (cell: string, delimiter: string) => (cell.includes(delimiter) || /["\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** A file with the columns of the first row (and any a later row adds), in that order. */
function csv(rows: Cells[], delimiter = ',', eol = '\n'): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [columns.join(delimiter), ...rows.map((r) => columns.map((c) => quote(r[c] ?? '', delimiter)).join(delimiter))].join(eol);
}

function read(text: string | Uint8Array, query: Record<string, string> = {}): ManifestRead {
  return readManifest({ body: typeof text === 'string' ? new TextEncoder().encode(text) : text, mediaType: 'text/csv', query, maxParcels: 100 });
}

function ok(result: ManifestRead) {
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

const stored = (result: ManifestRead) => ok(result).parcels.map((p) => JSON.parse(p.data) as Record<string, any>);

describe('manifest CSV', () => {
  it('groups item lines into parcels and converts numbers', () => {
    const text = csv([BASE, { ...BASE, description: 'Socks', value: '3.5' }, { ...BASE, item_id: s10(2), description: 'Bag', value: '40' }]);
    const parsed = csvToManifestBody(text, {});
    if (!parsed.ok) throw new Error(parsed.message);
    const result = validateManifest(parsed.body, 10);
    if (!result.ok) throw new Error('envelope');
    expect(result.header).toEqual({ manifestRef: 'M-CSV', mode: 'postal', regime: 'import', destinationCountry: 'BE' });
    expect(result.valid).toHaveLength(2);
    expect(result.valid[0]!.parcel.items.map((i) => [i.description, i.value])).toEqual([['Shoes', 20], ['Socks', 3.5]]);
    expect(result.valid[0]!.parcel.consignee.address).toBe('Rue 1, Bruxelles');
  });

  it('has a column for every data element of the contract, and keeps extra_ columns under extra', () => {
    const full: Cells = {
      ...BASE,
      house_waybill: 'HWB-1', master_waybill: '157-12345675', transport_document_type: 'N740', transport_document_reference: '157-12345675',
      seller_marketplace: 'ShopNow', seller_url: 'https://shop.example', seller_address: '1 Rd', seller_eori: 'CN123456789012', seller_email: 'shop@example.cn',
      sender_street: 'Industrial Rd', sender_house_number: '1', sender_postcode: '518000', sender_city: 'Shenzhen', sender_subdivision: 'Guangdong', sender_phone: '+86 755 1234 5678',
      consignee_eori: 'BE0123456789', consignee_tax_id: 'BE 0123.456.789', consignee_other_id_type: 'national id', consignee_other_id: '85.07.30-033.61',
      consignee_phone: '+32 2 123 45 67', consignee_email: 'anna@example.be', consignee_street: 'Rue Haute', consignee_house_number: '1', consignee_postcode: '1000',
      consignee_city: 'Bruxelles', consignee_subdivision: 'Brussels-Capital', net_weight_kg: '0.8', item_gross_weight_kg: '0.9',
      'extra_Customer Ref': 'C-77', item_extra_lot: 'L-1',
    };
    const [p] = stored(read(csv([full, { ...full, description: 'Socks', item_extra_lot: 'L-2', 'extra_Customer Ref': '' }])));
    expect(p).toMatchObject({
      houseWaybill: 'HWB-1', masterWaybill: '157-12345675', transportDocument: { type: 'N740', reference: '157-12345675' },
      seller: { eori: 'CN123456789012', email: 'shop@example.cn', url: 'https://shop.example', address: '1 Rd' },
      sender: { street: 'Industrial Rd', houseNumber: '1', postcode: '518000', city: 'Shenzhen', subdivision: 'Guangdong', phone: '+86 755 1234 5678' },
      consignee: { eori: 'BE0123456789', taxId: 'BE 0123.456.789', otherId: { type: 'national id', value: '85.07.30-033.61' }, email: 'anna@example.be', city: 'Bruxelles' },
      extra: { 'Customer Ref': 'C-77' },
    });
    expect(p!.items.map((i: any) => [i.netWeightKg, i.grossWeightKg, i.extra])).toEqual([[0.8, 0.9, { lot: 'L-1' }], [0.8, 0.9, { lot: 'L-2' }]]);
    // Every column of the documented list maps somewhere: a file with all of them is read.
    const all = Object.fromEntries(CSV_COLUMNS.map((c) => [c, (full as Cells)[c] ?? BASE[c] ?? '']));
    expect(ok(read(csv([all]))).rejected).toEqual([]);
  });

  it('reads semicolon and tab files, a UTF-8 byte-order mark and UTF-16 with its mark, and decimal commas', () => {
    const rows = [{ ...BASE, value: '24,90', consignee_address: 'Rue 1; Bruxelles' }];
    for (const [delimiter, name] of [[';', 'semicolon'], ['\t', 'tab']] as const) {
      expect(stored(read(csv(rows, delimiter, '\r\n')))[0]!.items[0].value, name).toBe(24.9);
      expect(stored(read(`\ufeff${csv(rows, delimiter)}`))[0]!.consignee.address, name).toBe('Rue 1; Bruxelles');
    }
    expect(detectDelimiter('a;b;"c,d,e,f";g\n1,2,3,4,5,6,7')).toBe(';');
    // A decimal comma is a comma in a comma-separated file: it cannot be a decimal there.
    expect(stored(read(csv([{ ...BASE, value: '24.90' }])))[0]!.items[0].value).toBe(24.9);
    const text = `\ufeff${csv([{ ...BASE, consignee_name: 'Zoë Łukasiewicz 王' }], '\t', '\r\n')}`;
    const le = Buffer.from(text, 'utf16le');
    expect(stored(read(new Uint8Array([...le])))[0]!.consignee.name).toBe('Zoë Łukasiewicz 王');
    const be = Buffer.from(le).swap16();
    expect(stored(read(new Uint8Array([...be])))[0]!.consignee.name).toBe('Zoë Łukasiewicz 王');
  });

  it('checks the header once: one 400 naming every unknown, missing or doubled column', () => {
    const noHs: Cells = { ...BASE };
    delete noHs.hs_code;
    const rows = Array.from({ length: 50 }, (_, i) => ({ ...noHs, item_id: s10(i + 1), hscode: '640411', seller_nmae: 'x' }));
    const result = read(csv(rows));
    expect(result).toMatchObject({ ok: false, code: 'invalid_csv_header', message: 'CSV header: unknown columns hscode, seller_nmae; missing column hs_code' });
    if (result.ok) return;
    expect(result.errors).toHaveLength(3);
    expect(result.errors).toContainEqual(expect.objectContaining({ line: 1, column: 'hscode' }));
    expect(read('item_id,item_id\nx,y')).toMatchObject({ ok: false, code: 'invalid_csv_header', message: expect.stringContaining('column twice item_id') });
    // Manifest columns may come as query parameters instead, not neither.
    const noRef: Cells = { ...BASE };
    delete noRef.manifest_ref;
    expect(read(csv([noRef]))).toMatchObject({ ok: false, message: 'CSV header: missing column manifest_ref' });
    expect(ok(read(csv([noRef]), { manifestRef: 'Q-1' })).header.manifestRef).toBe('Q-1');
    // Headers as spreadsheets write them.
    expect(ok(read(csv([BASE]).replace('seller_name', ' Seller Name ').replace('hs_code', 'HS-Code'))).parcels).toHaveLength(1);
  });

  it('reports row problems as line, column and value, counting quoted line breaks and skipped blank lines', () => {
    const text = csv([
      BASE,
      { ...BASE, description: 'Socks', value: 'twenty' },
      { ...BASE, item_id: s10(2), consignee_address: 'Rue 1\nBruxelles', consignee_eori: 'BE!1' },
      { ...BASE, item_id: s10(3), currency: 'EURO' },
      // A blank line and a row of empty cells (as spreadsheets export them) before the last row.
    ]).replace(/\n(?=[^\n]*EURO)/, `\n\n${','.repeat(5)}\n`);
    const result = ok(read(text));
    expect(result.parcels).toEqual([]);
    expect(result.rejected.map((r) => [r.index, r.line, r.errors])).toEqual([
      [0, 2, [{ path: 'line 3, column value', line: 3, column: 'value', value: 'twenty', message: 'must be a number' }]],
      [1, 4, [{ path: 'line 4, column consignee_eori', line: 4, column: 'consignee_eori', value: 'BE!1', message: expect.stringMatching(/EORI/) }]],
      [2, 8, [{ path: 'line 8, column currency', line: 8, column: 'currency', value: 'EURO', message: 'must be an ISO 4217 currency code' }]],
    ]);
  });

  it('names a missing required cell by its column, and the manifest columns by line or query parameter', () => {
    const result = ok(read(csv([{ ...BASE, seller_country: '' }])));
    expect(result.rejected[0]!.errors).toEqual([{ path: 'line 2, column seller_country', line: 2, column: 'seller_country', value: '', message: 'is required' }]);
    expect(read(csv([{ ...BASE, mode: 'air' }]))).toMatchObject({ ok: false, errors: [{ path: 'line 2, column mode', value: 'air' }] });
    const noMode: Cells = { ...BASE };
    delete noMode.mode;
    expect(read(csv([noMode]), { mode: 'air' })).toMatchObject({ ok: false, errors: [{ path: 'query.mode', value: 'air' }] });
  });

  it('rejects a parcel whose rows disagree on a parcel column, and only that parcel', () => {
    const result = ok(read(csv([BASE, { ...BASE, seller_name: 'Other Shop', description: 'Socks' }, { ...BASE, item_id: s10(2), seller_name: '' }, { ...BASE, item_id: s10(2), seller_name: '' }])));
    expect(result.parcels.map((p) => p.itemId)).toEqual([]);
    expect(result.rejected[0]).toMatchObject({ index: 0, line: 2, errors: [{ line: 3, column: 'seller_name', value: 'Other Shop', message: 'differs from line 2 ("Shop Ltd") for the same item_id' }] });
    // Blank parcel cells on later rows are the first row's.
    const continued = ok(read(csv([BASE, { item_id: s10(1), description: 'Socks', hs_code: '611595', quantity: '2', value: '3', currency: 'EUR' }])));
    expect(continued.rejected).toEqual([]);
    expect(JSON.parse(continued.parcels[0]!.data).items).toHaveLength(2);
  });

  it('refuses files it cannot read, with the line: ragged rows, open quotes, mixed manifests, no rows', () => {
    const header = Object.keys(BASE).join(',');
    const good = Object.values(BASE).map((c) => quote(c, ',')).join(',');
    expect(read(`${header}\n${good}\n1,2,3\n${good}`)).toMatchObject({ ok: false, code: 'malformed_csv', message: expect.stringContaining('line 3 has 3') });
    expect(read(`${header}\n${good}\n"unterminated`)).toMatchObject({ ok: false, code: 'malformed_csv', message: expect.stringContaining('line 3') });
    expect(read(csv([BASE, { ...BASE, item_id: s10(2), manifest_ref: 'OTHER' }]))).toMatchObject({ ok: false, message: expect.stringContaining('line 2 has "M-CSV", line 3 "OTHER"') });
    expect(read(csv([BASE]), { manifestRef: 'Q' })).toMatchObject({ ok: false, message: expect.stringContaining('disagree') });
    expect(read('')).toMatchObject({ ok: false, code: 'malformed_csv' });
    expect(read(header)).toMatchObject({ ok: false, message: 'CSV has a header but no data rows' });
    // The semicolon file csv-parse used to answer with "columns length is 1, got 5 on line 2".
    expect(ok(read(csv([BASE], ';'))).parcels).toHaveLength(1);
  });
});
