/**
 * Screening evidence in plain words for the case file, and the pieces of a text to highlight at
 * the reasons' offsets. Pure.
 */
import type { Reason } from '../domain/decision.ts';

const KIND_WORDS = new Map<string, string>(Object.entries({
  trademark: 'Trademark of an application for action',
  keyword: 'Counterfeit slang',
  seller: 'Watched seller',
  price: 'Price below the holder’s floor',
  authorization: 'Authorised seller',
  hazard: 'Hazardous goods',
  misdeclaration: 'Goods misdeclared',
  category: 'Category',
  origin: 'Risky origin',
} satisfies Record<Reason['kind'], string>));

// Maps, not objects: a stored word such as `constructor` must find nothing.
export const kindInWords = (kind: string): string => KIND_WORDS.get(kind) ?? kind;

/** What the parcel's field says, where. `items[0].description` → "item 1's description". */
export function fieldInWords(field: string): string {
  const item = /^items\[(\d+)\]\.(\w+)$/.exec(field);
  if (item) return `item ${Number(item[1]) + 1}'s ${item[2] === 'hsCode' ? 'HS code' : item[2]}`;
  return field.replace(/\./g, '’s ').replace(/([a-z])([A-Z])/g, (_, a: string, b: string) => `${a} ${b.toLowerCase()}`);
}

export interface HolderNames {
  get(applicationId: string): string | undefined;
}

/** One sentence per reason: what matched, where, how closely, how much it weighed, and the rule. */
export function reasonInWords(r: Reason, holders: HolderNames): string {
  const parts: string[] = [];
  const at = r.end > r.start ? ` at characters ${r.start + 1}–${r.end}` : '';
  if (r.matched) parts.push(`“${r.matched}” in ${fieldInWords(r.field)}${at}`);
  else parts.push(`in ${fieldInWords(r.field)}`);
  if (r.mark) parts.push(`reads as the mark ${r.mark}`);
  if (r.applicationId) {
    const holder = holders.get(r.applicationId);
    parts.push(`protected by application ${r.applicationId}${holder ? ` of ${holder}` : ''}`);
  }
  if (r.similarity !== undefined) parts.push(`similarity ${Math.round(r.similarity * 100)} % (Dice on letter pairs)`);
  parts.push(r.weight === 0 ? 'weight 0: shown for the record, it does not raise the risk' : `weight ${r.weight} of 100`);
  return `${parts.join('; ')}. Rule: ${r.note}`;
}

export interface Piece {
  text: string;
  /** The number of the reason (1-based, in the list shown) that marks this piece, or null. */
  reason: number | null;
}

/**
 * Splits `text` into plain and marked pieces at the offsets of the reasons that point into
 * `field`. Overlapping spans keep the first; offsets outside the text are ignored.
 */
export function highlight(text: string, field: string, reasons: readonly Pick<Reason, 'field' | 'start' | 'end'>[]): Piece[] {
  const spans = reasons
    .map((r, i) => ({ start: r.start, end: r.end, n: i + 1, field: r.field }))
    .filter((s) => s.field === field && s.end > s.start && s.start >= 0 && s.end <= text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const pieces: Piece[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    if (s.start > at) pieces.push({ text: text.slice(at, s.start), reason: null });
    pieces.push({ text: text.slice(s.start, s.end), reason: s.n });
    at = s.end;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), reason: null });
  return pieces;
}

const OUTCOME_WORDS = new Map(Object.entries({
  released: 'Release',
  detained: 'Detain',
  suspended: 'Suspend release',
  sample_requested: 'Request a sample',
  sample_sent: 'Record the sample sent',
  seized: 'Seize',
  destroyed: 'Destroy',
  returned: 'Return to sender',
}));
export const outcomeInWords = (action: string) => OUTCOME_WORDS.get(action) ?? action;

const STATUS_WORDS = new Map(Object.entries({
  awaiting_holder: 'Awaiting the rights holder',
  awaiting_declarant: 'Awaiting the declarant',
  awaiting_proceedings: 'Awaiting proceedings',
  destruction_agreed: 'Destruction agreed',
  proceedings_started: 'Proceedings started',
  release_due: 'Release due',
  closed: 'Closed',
}));
export const caseStatusInWords = (status: string) => STATUS_WORDS.get(status) ?? status;
