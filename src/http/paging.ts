import { z } from 'zod';

/**
 * Opaque cursors: clients pass back `nextCursor`, never build one. One style for every list: the
 * base64url of the last item's sort key, `id:<n>` for lists in id order, `at:<timestamp>|<id>`
 * for lists in time order (newest first) whose ids do not follow time.
 */
export function encodeCursor(lastId: number): string {
  return Buffer.from(`id:${lastId}`).toString('base64url');
}

const NOT_OURS = 'is not a cursor this API returned';

export const CursorSchema = z
  .string()
  .transform((s, ctx) => {
    const m = /^id:(\d{1,15})$/.exec(Buffer.from(s, 'base64url').toString());
    if (!m) {
      ctx.addIssue({ code: 'custom', message: NOT_OURS });
      return z.NEVER;
    }
    return Number(m[1]);
  });

export interface TimeCursor {
  at: string;
  id: string;
}

export function encodeTimeCursor(last: TimeCursor): string {
  return Buffer.from(`at:${last.at}|${last.id}`).toString('base64url');
}

export const TimeCursorSchema = z.string().transform((s, ctx): TimeCursor => {
  const m = /^at:(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([\w-]{1,64})$/.exec(Buffer.from(s, 'base64url').toString());
  if (!m) {
    ctx.addIssue({ code: 'custom', message: NOT_OURS });
    return z.NEVER;
  }
  return { at: m[1]!, id: m[2]! };
});

export const LimitSchema = z.coerce.number().int().min(1).max(1000).default(100);

export function nextCursor<T extends { id: number }>(page: T[], limit: number): string | null {
  return page.length === limit ? encodeCursor(page[page.length - 1]!.id) : null;
}

export function nextTimeCursor<T>(page: T[], limit: number, key: (item: T) => TimeCursor): string | null {
  return page.length === limit ? encodeTimeCursor(key(page[page.length - 1]!)) : null;
}
