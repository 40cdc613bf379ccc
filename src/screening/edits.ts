/**
 * How far a spelling departs from a mark, weighed the way counterfeit sellers depart from it:
 * what keeps a brand recognisable is cheap, what makes another word is dear. A weighted optimal
 * string alignment distance over the shape-folded forms (look-alikes, leet and rn/m, vv/w, l/i
 * already folded; doubled letters kept):
 *   - a doubled or undoubled letter ("Nikke", "Adidas" → "Addas")             0.3
 *   - a letter replaced by a shape neighbour (b/d, c/e, u/v, n/h, g/q …)         0.5
 *   - a letter replaced by a sound neighbour (c/k, s/z, i/y, f/v …)             0.5
 *   - a letter replaced by its keyboard neighbour (Hoyard for Goyard, Qsics),
 *     or a neighbour's key pressed with it ("Noike")                            0.6
 *   - a character no table reads (an unknown look-alike, folded to "?")        0.5
 *   - two neighbouring letters swapped ("Nkie"), or two letters one apart (Cugci) 0.6
 *   - a vowel for another vowel ("Poma")                                       0.7
 *   - a letter added or dropped                                                0.8 (vowel) / 0.9
 *   - any other replacement                                                    1.0
 * and 0.3 more when the first letter changes (buyers recognise a brand by its start), except by
 * a letter added in front of it ("HiPhone", "Dadiads": the mark is still all there), which costs 0.75.
 * Only candidates the deletion indexes proposed are weighed: a handful per description.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

function pairs(list: string): Set<string> {
  const out = new Set<string>();
  for (const pair of list.split(' ')) {
    out.add(pair);
    out.add(pair[1]! + pair[0]!);
  }
  return out;
}

/** Letters that look alike in a listing's font once the shape fold (l/i, rn/m, vv/w, cl/d) has run. */
const SHAPE = pairs('bd pq bp dq ce co eo uv vy nh nm rn gq ij it hk ft');
/** Letters that stand for the same sound in English spellings of brand names. */
const SOUND = pairs('ck cs kq sz iy fv gj xz ei');

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
/** QWERTY neighbours, same row and the rows above and below. */
const KEYBOARD = (() => {
  const out = new Set<string>();
  const at = new Map<string, [number, number]>();
  KEYBOARD_ROWS.forEach((row, r) => [...row].forEach((c, i) => at.set(c, [r, i])));
  for (const [a, [ra, ia]] of at) {
    for (const [b, [rb, ib]] of at) {
      if (a === b) continue;
      // Rows are staggered by about half a key: the row below starts half a key to the right.
      const dx = ib + rb * 0.5 - (ia + ra * 0.5);
      if ((ra === rb && Math.abs(ib - ia) === 1) || (Math.abs(ra - rb) === 1 && Math.abs(dx) <= 0.5)) out.add(a + b);
    }
  }
  return out;
})();

export function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '?' || b === '?') return 0.5;
  const pair = a + b;
  if (SHAPE.has(pair) || SOUND.has(pair)) return 0.5;
  if (KEYBOARD.has(pair)) return 0.6;
  if (VOWELS.has(a) && VOWELS.has(b)) return 0.7;
  return 1;
}

/** A letter of `s` the other side lacks: cheap when it doubles a neighbour that `other` has at the aligned place. */
function indelCost(s: string, i: number, other: string, at: number, inText: boolean): number {
  const c = s[i]!;
  if ((s[i - 1] === c || s[i + 1] === c) && (other[at - 1] === c || other[at] === c)) return 0.3;
  // A character no table reads (an unknown look-alike) stands for a letter.
  if (c === '?') return 0.5;
  // A key pressed with its neighbour ("Noike", "Bosde"): a fat finger, in the text only (a letter
  // of the mark missing is not one).
  if (inText && (KEYBOARD.has(c + (s[i - 1] ?? '')) || KEYBOARD.has(c + (s[i + 1] ?? '')))) return 0.6;
  return VOWELS.has(c) ? 0.8 : 0.9;
}

/** Letters added in front of a mark ("HiPhone", "Dadiads") leave it whole: cheaper than one added inside. */
const LEADING_LETTER = 0.75;

const FIRST_LETTER = 0.3;

let cost = new Float64Array(1024);
let edits = new Uint8Array(1024);
let minOfRow = new Float64Array(64);

/**
 * The weighted distance from `text` (a spelling found in a description) to `mark`, or Infinity
 * once it exceeds `max` or needs more than `maxEdits` edits. Both are shape-folded forms; both
 * are short (names), so a full table costs a few hundred cells.
 */
export function disguiseCost(text: string, mark: string, max: number, maxEdits = 2): number {
  const n = text.length;
  const m = mark.length;
  if (Math.abs(n - m) > maxEdits) return Infinity;
  const w = m + 1;
  // One table per thread, grown as needed: weighing runs for every candidate of every new spelling.
  if ((n + 1) * w > cost.length) {
    cost = new Float64Array((n + 1) * w * 2);
    edits = new Uint8Array((n + 1) * w * 2);
  }
  if (n + 1 > minOfRow.length) minOfRow = new Float64Array((n + 1) * 2);
  cost[0] = 0;
  edits[0] = 0;
  for (let j = 1; j <= m; j++) {
    // Letters of the mark missing from the start of the text: a changed first letter.
    cost[j] = cost[j - 1]! + indelCost(mark, j - 1, text, 0, false) + (j === 1 ? FIRST_LETTER : 0);
    edits[j] = j;
  }
  for (let i = 1; i <= n; i++) {
    const row = i * w;
    const up = row - w;
    cost[row] = cost[up]! + Math.min(LEADING_LETTER, indelCost(text, i - 1, mark, 0, true));
    edits[row] = i;
    let rowMin = cost[row]!;
    const a = text[i - 1]!;
    // A swap reaches back two rows, an exchange one apart three: prune only when those rows are past hope too.
    const earlier = Math.min(minOfRow[i - 1] ?? 0, minOfRow[i - 2] ?? 0);
    for (let j = 1; j <= m; j++) {
      const b = mark[j - 1]!;
      let best: number;
      let count: number;
      if (a === b) {
        best = cost[up + j - 1]!;
        count = edits[up + j - 1]!;
      } else {
        best = cost[up + j - 1]! + substitutionCost(a, b) + (i === 1 && j === 1 ? FIRST_LETTER : 0);
        count = edits[up + j - 1]! + 1;
      }
      const del = cost[up + j]! + indelCost(text, i - 1, mark, j, true);
      if (del < best) {
        best = del;
        count = edits[up + j]! + 1;
      }
      const ins = cost[row + j - 1]! + indelCost(mark, j - 1, text, i, false) + (j === 1 && i === 1 ? FIRST_LETTER : 0);
      if (ins < best) {
        best = ins;
        count = edits[row + j - 1]! + 1;
      }
      if (a !== b && i > 1 && j > 1 && a === mark[j - 2] && text[i - 2] === b) {
        const at = (i - 2) * w + j - 2;
        const swap = cost[at]! + 0.6 + (j === 2 ? FIRST_LETTER : 0);
        if (swap < best) {
          best = swap;
          count = edits[at]! + 1;
        }
      }
      // Two letters one apart exchanged ("Cugci" for Gucci): one slip of the seller's, not two.
      if (a !== b && i > 2 && j > 2 && a === mark[j - 3] && text[i - 3] === b && text[i - 2] === mark[j - 2]) {
        const at = (i - 3) * w + j - 3;
        const swap = cost[at]! + 0.6 + (j === 3 ? FIRST_LETTER : 0);
        if (swap < best) {
          best = swap;
          count = edits[at]! + 1;
        }
      }
      cost[row + j] = best;
      edits[row + j] = count;
      if (best < rowMin) rowMin = best;
    }
    minOfRow[i] = rowMin;
    if (rowMin > max && earlier > max) return Infinity;
  }
  const result = cost[n * w + m]!;
  lastEdits = edits[n * w + m]!;
  return result <= max + 1e-9 && lastEdits <= maxEdits ? result : Infinity;
}

/** The number of edits of the last disguiseCost that returned a finite cost. */
export let lastEdits = 0;

/**
 * How much a departure from a mark of `letters` letters may cost and still read as that mark,
 * with one edit and with two. One edit: four letters a near slip only (a swap, a doubled letter,
 * a neighbour's key or shape; no other vowel: iPod is not iPad), and then only where the goods
 * back it (see Mention.needsContext);
 * five letters any slip but a plain other letter (Betts is not Beats); six and more any one edit.
 * Two edits, from six letters: cheap ones on six letters (two neighbours' letters, "Abibas"), a
 * little more on longer marks (two neighbours' slips, a slip and a dropped letter).
 */
export function costBudget(letters: number, edits: 1 | 2): number {
  if (letters <= 3) return 0;
  if (letters === 4) return edits === 1 ? 0.65 : 0;
  if (letters === 5) return edits === 1 ? 0.9 : 0;
  if (edits === 1) return 1.3;
  if (letters === 6) return 1.2;
  if (letters === 7) return 1.4;
  // Not two full slips on long marks either: a keyboard slip and a dropped letter is "Microspot",
  // another brand, not Microsoft.
  return 1.45;
}

/**
 * Further departures that still read as the mark where the goods back it both ways (the declared
 * code and the words: see Mention.needsGoods): on four- and five-letter marks any one slip after
 * the first letter ("Nurf", "Psada", "Omeoa": bitsquatting and replacements), and on marks of six
 * letters or more any two slips ("Skjhers", "Mngcler") short of two plain replacements (Moncler
 * and Monster are two brands). Alone, such a spelling is as likely another word or brand. The
 * first letter must stay, or have swapped with the second (match.ts): Vila is not Fila.
 */
export function contextBudget(letters: number, edits: 1 | 2): number {
  if (letters <= 3) return 0;
  if (letters === 4) return edits === 1 ? 0.65 : 0;
  if (letters === 5) return edits === 1 ? 1.0 : 0;
  if (edits === 1) return 1.3;
  // Six letters: two slips make another name too often (Katana/Kayano, CentOS/Santos).
  if (letters <= 7) return costBudget(letters, 2);
  return 1.8;
}

/**
 * A spelling's sound, for sound-alikes that change endings and spellings of the same sound:
 * c/k/q, s/z, ph/f, y/i and x/ks fold together, doubled letters collapse, and a trailing e, i or
 * y sound goes ("Nyke", "Nikey", "Nikee" all read nik, as Nike does; "Sonny" reads son like Sony).
 * Other vowels stay: "iPod" is not iPad, "Nico" is not Nike, "Poma" is not Puma by sound alone.
 */
export function soundKey(plain: string): string {
  let s = plain.replace(/[^a-z]/g, '');
  if (s.length < 3) return '';
  s = s
    .replace(/ph/g, 'f')
    .replace(/wh/g, 'w')
    .replace(/ck/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/[cq]/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/z/g, 's')
    .replace(/y/g, 'i')
    .replace(/([a-z])\1+/g, '$1')
    // A non-rhotic ending ("Prader", "Omeger") and a silent final h ("Filah").
    .replace(/er$/, 'a')
    .replace(/(?<=[aeiou])h$/, '')
    .replace(/(?<=[^aeiou])[eiy]+$/, '');
  return s;
}

/**
 * The same with every vowel group read as one vowel sound: "Ralf Lawren" and "Ralph Loren" for
 * Ralph Lauren, "Braytlyng" for Breitling. Only for marks of five letters or more with three
 * consonant sounds or more (shorter ones would meet too many words), '' otherwise.
 */
export function looseSoundKey(strict: string): string {
  return strict.replace(/w/g, 'u').replace(/[aeiou]+/g, '*');
}

/** The loose sound of several words: their loose keys joined (vowel sounds meeting at a joint are one), '' below three consonant sounds. */
export function joinLooseKeys(keys: readonly string[]): string {
  let out = '';
  for (const k of keys) out += out.endsWith('*') && k.startsWith('*') ? k.slice(1) : k;
  let consonants = 0;
  for (let i = 0; i < out.length; i++) if (out[i] !== '*') consonants++;
  return consonants >= 3 ? out : '';
}
