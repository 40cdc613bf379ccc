/**
 * What customs may do with a held parcel, and in which order: a state machine over the history
 * of outcomes. Pure.
 */
export const OUTCOME_ACTIONS = ['released', 'detained', 'suspended', 'sample_requested', 'sample_sent', 'seized', 'destroyed', 'returned'] as const;
export type OutcomeAction = (typeof OUTCOME_ACTIONS)[number];

/** After these nothing more happens to the parcel. */
export const TERMINAL: ReadonlySet<OutcomeAction> = new Set(['released', 'destroyed', 'returned']);

/** Actions that tell the rights holder its goods were stopped, and start the legal clock. */
export const NOTIFYING: ReadonlySet<OutcomeAction> = new Set(['detained', 'suspended', 'seized']);

const NEXT: Record<OutcomeAction | 'none', readonly OutcomeAction[]> = {
  none: ['released', 'detained', 'suspended', 'seized', 'returned'],
  detained: ['released', 'suspended', 'sample_requested', 'seized', 'destroyed', 'returned'],
  suspended: ['released', 'detained', 'sample_requested', 'seized', 'destroyed', 'returned'],
  sample_requested: ['sample_sent', 'released', 'seized', 'destroyed', 'returned'],
  sample_sent: ['released', 'seized', 'destroyed', 'returned'],
  seized: ['destroyed', 'returned', 'released'],
  released: [],
  destroyed: [],
  returned: [],
};

/** The actions allowed after `history` (oldest first). Destruction needs a detention or seizure before it. */
export function allowedNext(history: readonly OutcomeAction[]): OutcomeAction[] {
  const last = history.length ? history[history.length - 1]! : 'none';
  const heldBefore = history.includes('detained') || history.includes('seized');
  return NEXT[last].filter((a) => a !== 'destroyed' || heldBefore);
}
