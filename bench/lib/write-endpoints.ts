/**
 * Every endpoint that takes a request body, with the key allowed to call it and a valid body to
 * start from: what hostile campaigns and limit tests send their bodies to. `prepareWriteEndpoints`
 * creates through the API what the paths need (a manifest and a pending parcel, applications, an
 * indicator), so each endpoint reads its body instead of answering 404 first.
 */
import { s10CheckDigit } from '../../src/domain/s10.ts';
import type { RoleKeys } from './keys.ts';

export interface WriteEndpoint {
  name: string;
  method: 'POST' | 'PUT';
  path: string;
  key: string;
  /** A valid body; called anew for each request (manifests get fresh item ids). */
  valid(): unknown;
  /** Manifests also take CSV. */
  csv?: boolean;
}

let serial = 10_000_000 + Math.floor(Math.random() * 80_000_000);

export function s10(n: number): string {
  const digits = String(n).padStart(8, '0');
  return `RR${digits}${s10CheckDigit(digits)}CN`;
}

export function validParcel(itemId: string) {
  return {
    itemId,
    category: 'sale_of_goods',
    seller: { name: 'Shenzhen Bright Trading Co., Ltd', country: 'CN', marketplace: 'ExampleMart' },
    sender: { name: 'Bright Trading', address: '1 Industrial Rd, Shenzhen', country: 'CN' },
    consignee: { name: 'Anna Peeters', address: 'Rue Haute 1, Bruxelles', country: 'BE' },
    items: [{ description: 'Running shoes, mesh upper', hsCode: '6404.11', quantity: 1, value: 24.9, currency: 'EUR', originCountry: 'CN', netWeightKg: 0.8 }],
    grossWeightKg: 0.9,
  };
}

/** A manifest of `count` parcels with item ids never used before in this process. */
export function freshManifest(count: number, ref = `HOSTILE-${serial}`) {
  const parcels = Array.from({ length: count }, () => validParcel(s10(serial++)));
  return { manifestRef: ref, mode: 'postal', regime: 'import', destinationCountry: 'BE', parcels };
}

const application = () => ({
  holder: { name: 'ACME Footwear GmbH', contact: 'ipr@acme.example' },
  trademarks: [{ mark: 'Zorblax', aliases: ['Zorblax Pro'], hsCodes: ['64'], registration: 'EUTM 018000001', jurisdiction: 'EU' }],
  authorizedSellers: ['ACME Store Berlin'],
  priceFloors: [{ hsCode: '64', value: 60, currency: 'EUR' }],
  evidence: ['EUTM registration certificate 018000001'],
});

async function call(url: string, key: string, method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function prepareWriteEndpoints(url: string, keys: RoleKeys): Promise<WriteEndpoint[]> {
  const filed = await call(url, keys.operatorA, 'POST', '/v1/manifests', freshManifest(1, `SETUP-${serial}`));
  const manifestId = filed.manifestId as string;
  const listed = (await (await fetch(`${url}/v1/manifests/${manifestId}/parcels`, { headers: { authorization: `Bearer ${keys.operatorA}` } })).json()) as { items: { id: number; itemId: string }[] };
  const pending = listed.items[0]!;
  const submitted = (await call(url, keys.rightsholder, 'POST', '/v1/applications', application())).id as string;
  const toDecide = (await call(url, keys.rightsholder, 'POST', '/v1/applications', application())).id as string;
  const accepted = (await call(url, keys.rightsholder, 'POST', '/v1/applications', application())).id as string;
  await call(url, keys.customs, 'POST', `/v1/applications/${accepted}/decision`, { decision: 'accept' });
  const seller = (await call(url, keys.customs, 'POST', '/v1/indicators/watched-sellers', { name: 'Setup Seller Ltd', country: 'CN', risk: 'high' })).id as string;

  const endpoints: WriteEndpoint[] = [
    { name: 'file manifest', method: 'POST', path: '/v1/manifests', key: keys.operatorA, valid: () => freshManifest(3), csv: true },
    { name: 'amend parcel', method: 'PUT', path: `/v1/manifests/${manifestId}/parcels/${pending.itemId}`, key: keys.operatorA, valid: () => validParcel(pending.itemId) },
    { name: 'lodge application', method: 'POST', path: '/v1/applications', key: keys.rightsholder, valid: application },
    { name: 'amend application', method: 'PUT', path: `/v1/applications/${submitted}`, key: keys.rightsholder, valid: application },
    { name: 'decide application', method: 'POST', path: `/v1/applications/${toDecide}/decision`, key: keys.customs, valid: () => ({ decision: 'reject', reason: 'evidence missing' }) },
    { name: 'renew application', method: 'POST', path: `/v1/applications/${accepted}/renewals`, key: keys.rightsholder, valid: () => ({ continuingRight: ['renewal certificate'], infringement: ['test purchase report'] }) },
    { name: 'add watched seller', method: 'POST', path: '/v1/indicators/watched-sellers', key: keys.customs, valid: () => ({ name: 'Hostile Seller Ltd', country: 'CN', risk: 'medium' }) },
    { name: 'replace watched seller', method: 'PUT', path: `/v1/indicators/watched-sellers/${seller}`, key: keys.customs, valid: () => ({ name: 'Setup Seller Ltd', country: 'CN', risk: 'low' }) },
    { name: 'add keyword', method: 'POST', path: '/v1/indicators/keywords', key: keys.customs, valid: () => ({ term: 'replica', risk: 'high' }) },
    { name: 'add hazardous code', method: 'POST', path: '/v1/indicators/hazardous-hs-codes', key: keys.customs, valid: () => ({ hsCode: '3004' }) },
    { name: 'add origin risk', method: 'POST', path: '/v1/indicators/origin-risk', key: keys.customs, valid: () => ({ country: 'CN', risk: 'low' }) },
    { name: 'add de minimis', method: 'POST', path: '/v1/indicators/de-minimis', key: keys.customs, valid: () => ({ country: 'US', value: 800, currency: 'USD' }) },
    { name: 'set scoring', method: 'PUT', path: '/v1/indicators/scoring', key: keys.customs, valid: () => ({ holdAt: 70, reviewAt: 35 }) },
    { name: 'set exchange rates', method: 'PUT', path: '/v1/indicators/exchange-rates', key: keys.customs, valid: () => ({ base: 'EUR', rates: { USD: 0.92 } }) },
    { name: 'set default de minimis', method: 'PUT', path: '/v1/indicators/de-minimis-default', key: keys.customs, valid: () => ({ value: 150, currency: 'EUR' }) },
    { name: 'record outcome', method: 'POST', path: `/v1/parcels/${pending.id}/outcomes`, key: keys.customs, valid: () => ({ action: 'released', note: 'checked' }) },
    { name: 'set webhook', method: 'PUT', path: '/v1/webhooks', key: keys.operatorB, valid: () => ({ url: 'https://hooks.example/parcelscreen' }) },
    { name: 'import registry', method: 'POST', path: '/v1/registry/import', key: keys.customs, valid: () => ({ applications: [], indicators: { keywords: [{ term: 'replica', risk: 'high' }] } }) },
  ];
  return endpoints;
}
