/**
 * Bodies near the size limit (`MAX_BODY_BYTES`, 20 MiB) that are valid, so the server does all of
 * its work on them: a registry bundle of tens of thousands of applications, and manifests of
 * 10,000 parcels (`MAX_PARCELS_PER_MANIFEST`) with several long item lines each.
 */
import { s10CheckDigit } from '../../src/domain/s10.ts';

/** A registry bundle of about `targetBytes` (~480 bytes per application, a watched seller per 4, a keyword per 10). */
export function largeBundle(targetBytes: number) {
  const applications = Math.round(targetBytes / 498);
  return {
    applications: Array.from({ length: applications }, (_, i) => {
      const tag = i.toString(36);
      return {
        id: `AFA-BIG-${i}`,
        holder: { name: `Holder number ${i} Holdings GmbH`, contact: 'ipr@example.com, +49 30 000000' },
        trademarks: [{ mark: `Brand${tag}x`, aliases: [`Brand${tag} Pro`, `Brand${tag} Classic`], hsCodes: ['64', '4202', '6109'], registration: `EUTM ${100000000 + i}`, jurisdiction: 'EU' }],
        authorizedSellers: [`Brand ${i} Europe B.V.`, `Brand ${i} Retail GmbH`],
        priceFloors: [{ hsCode: '64', value: 45, currency: 'EUR' }],
        validFrom: '2026-01-01',
        validUntil: '2030-01-01',
      };
    }),
    indicators: {
      watchedSellers: Array.from({ length: Math.round(applications / 4) }, (_, i) => ({ name: `Shenzhen Seller ${i} Trading Co., Ltd`, country: 'CN', risk: 'high', reason: 'seized goods' })),
      keywords: Array.from({ length: Math.round(applications / 10) }, (_, i) => ({ term: `slang${i}`, risk: 'medium' })),
    },
  };
}

const DESCRIPTION =
  'Women running shoes, breathable mesh upper, cushioned EVA midsole, rubber outsole, lace-up closure, sizes 36-41, colour black and white, packed in a cardboard box with spare laces and a dust bag, ';

/**
 * A manifest of `parcels` postal parcels from serial `firstSerial`, about `targetBytes` long: each
 * parcel gets three item lines whose descriptions are as long as the size asks (at most 1,000 characters).
 */
export function largeManifest(ref: string, parcels: number, targetBytes: number, firstSerial: number) {
  const perParcel = targetBytes / parcels;
  const descriptionLength = Math.max(20, Math.min(1000, Math.floor((perParcel - 706) / 3)));
  const description = DESCRIPTION.repeat(Math.ceil(descriptionLength / DESCRIPTION.length)).slice(0, descriptionLength).trim();
  const item = (hsCode: string) => ({ description, hsCode, quantity: 1, value: 24.9, currency: 'EUR', originCountry: 'CN', netWeightKg: 0.4 });
  return {
    manifestRef: ref,
    mode: 'postal',
    regime: 'import',
    destinationCountry: 'BE',
    parcels: Array.from({ length: parcels }, (_, i) => {
      const digits = String(firstSerial + i).padStart(8, '0');
      return {
        itemId: `RR${digits}${s10CheckDigit(digits)}CN`,
        category: 'sale_of_goods',
        seller: { name: 'Shenzhen Bright Trading Co., Ltd', country: 'CN', marketplace: 'ExampleMart' },
        sender: { name: 'Bright Trading', address: '1 Industrial Rd, Shenzhen', country: 'CN' },
        consignee: { name: 'Anna Peeters', address: 'Rue Haute 1, Bruxelles', country: 'BE' },
        items: [item('640411'), item('640419'), item('640399')],
        grossWeightKg: 1.3,
      };
    }),
  };
}
