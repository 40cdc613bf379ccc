import { z } from 'zod';

/**
 * Paging, one way for every list: `limit` (1 to 1000, `pageLimit`) and an opaque `cursor` that
 * clients pass back from `nextCursor` (null on the last page), never build. A cursor is the
 * base64url of the last item's sort key: `id:<n>` for lists in id order, `at:<timestamp>|<id>`
 * for lists in time order (newest first) whose ids do not follow time, `rank:<score>|<id>` for
 * customs' queue (highest risk first). A cursor of another kind, or not ours, is a 400 naming it.
 *
 * Three lists keep the sequence numbers they had before this rule (`after` = the last id seen:
 * notifications, applications, the audit trail): clients store them, so they stay as they are.
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

export interface RankCursor {
  riskScore: number;
  id: number;
}

export function encodeRankCursor(last: RankCursor): string {
  return Buffer.from(`rank:${last.riskScore}|${last.id}`).toString('base64url');
}

export const RankCursorSchema = z.string().transform((s, ctx): RankCursor => {
  const m = /^rank:(\d{1,3})\|(\d{1,15})$/.exec(Buffer.from(s, 'base64url').toString());
  if (!m) {
    ctx.addIssue({ code: 'custom', message: NOT_OURS });
    return z.NEVER;
  }
  return { riskScore: Number(m[1]), id: Number(m[2]) };
});

/** How many items a page holds: `?limit=`, 1 to 1000. */
export const pageLimit = (defaultSize: number) => z.coerce.number().int().min(1).max(1000).default(defaultSize);

export const LimitSchema = pageLimit(100);

export function nextCursor<T extends { id: number }>(page: T[], limit: number): string | null {
  return page.length === limit ? encodeCursor(page[page.length - 1]!.id) : null;
}

export function nextTimeCursor<T>(page: T[], limit: number, key: (item: T) => TimeCursor): string | null {
  return page.length === limit ? encodeTimeCursor(key(page[page.length - 1]!)) : null;
}
