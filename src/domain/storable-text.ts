/**
 * Text both databases can store and compare. PostgreSQL `text` cannot hold NUL (a `\u0000` in a
 * JSON body used to reach it and fail as a 500), and no UTF-8 store can hold an unpaired UTF-16
 * surrogate (`\ud800` in JSON). Other C0 control characters have no place in a declaration
 * either; tab and line breaks stay allowed (multi-line addresses).
 */
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain control characters (other than tab and line breaks) or unpaired surrogates';

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}
