/**
 * The review queue's filters as the console's query string carries them, and the queue filter of
 * the db layer they make. Shared by the queue page and bench/console.ts.
 */
import { z } from 'zod';
import type { QueueFilter } from '../db/review-queue.ts';
import { DECISIONS } from '../db/schema.ts';
import { CountrySchema, RegimeSchema } from '../domain/manifest.ts';

export const PAGE_SIZE = 50;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');

export const QueueForm = z.object({
  decision: z.enum(DECISIONS).optional(),
  status: z.enum(['open', 'closed', 'overdue', 'all']).default('open'),
  operator: z.string().max(50).optional(),
  mark: z.string().max(100).optional(),
  origin: CountrySchema.optional(),
  regime: RegimeSchema.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  seller: z.string().max(300).optional(),
  q: z.string().max(100).optional(),
  after: z.string().regex(/^\d{1,3}:\d{1,15}$/, 'is not a page this console linked').optional(),
});
export type QueueParams = z.infer<typeof QueueForm>;

export function toFilter(p: QueueParams): QueueFilter {
  const [risk, id] = p.after ? p.after.split(':').map(Number) : [];
  return {
    ...(p.decision ? { decision: p.decision } : {}),
    ...(p.status === 'open' ? { open: true } : p.status === 'closed' ? { open: false } : {}),
    overdue: p.status === 'overdue',
    ...(p.operator ? { operator: p.operator } : {}),
    ...(p.mark ? { mark: p.mark } : {}),
    ...(p.origin ? { origin: p.origin } : {}),
    ...(p.regime ? { regime: p.regime } : {}),
    ...(p.from ? { since: p.from } : {}),
    ...(p.to ? { until: p.to } : {}),
    ...(p.seller ? { seller: p.seller } : {}),
    ...(p.q ? { search: p.q } : {}),
    ...(p.after ? { after: { riskScore: risk!, id: id! } } : {}),
    limit: PAGE_SIZE,
  };
}

