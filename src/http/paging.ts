import { z } from 'zod';

/** Opaque cursors: clients pass back `nextCursor`, never build one. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(`id:${lastId}`).toString('base64url');
}

export const CursorSchema = z
  .string()
  .transform((s, ctx) => {
    const m = /^id:(\d{1,15})$/.exec(Buffer.from(s, 'base64url').toString());
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
      return z.NEVER;
    }
    return Number(m[1]);
  });

export const LimitSchema = z.coerce.number().int().min(1).max(1000).default(100);

export function nextCursor<T extends { id: number }>(page: T[], limit: number): string | null {
  return page.length === limit ? encodeCursor(page[page.length - 1]!.id) : null;
}
