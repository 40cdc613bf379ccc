import { describe, expect, it } from 'vitest';
import stringSimilarity from 'string-similarity';
import { bigramsOf, dice, osaDistance } from '../../src/screening/dice.ts';
import { Random } from '../../bench/gen/random.ts';

describe('Dice coefficient', () => {
  it('equals string-similarity compareTwoStrings on names, disguises and random strings', () => {
    const pairs: [string, string][] = [
      ['nike', 'nike'], ['nike', 'nikee'], ['gucci', 'guci'], ['louisvuitton', 'iouisvuiton'], ['aa', 'aaa'], ['aaaa', 'aa'],
      ['a', 'a'], ['a', 'b'], ['', ''], ['ab', ''], ['rolex', 'rolecks'], ['air jordan', 'airjordan'], ['abab', 'baba'], ['x y z', 'xyz'],
    ];
    const random = new Random(3);
    const alphabet = 'abcde ';
    for (let i = 0; i < 3000; i++) {
      const s = (n: number) => Array.from({ length: n }, () => alphabet[random.int(0, alphabet.length - 1)]).join('');
      pairs.push([s(random.int(0, 12)), s(random.int(0, 12))]);
    }
    for (const [a, b] of pairs) {
      expect(dice(bigramsOf(a), b), `${a} / ${b}`).toBeCloseTo(stringSimilarity.compareTwoStrings(a, b), 12);
    }
  });
});

describe('optimal string alignment distance', () => {
  it('counts a transposition as one edit', () => {
    expect(osaDistance('gucic', 'gucci')).toBe(1);
    expect(osaDistance('nkie', 'nike')).toBe(1);
    expect(osaDistance('rolx', 'rolex')).toBe(1);
    expect(osaDistance('nikon', 'nike')).toBe(2);
    expect(osaDistance('abc', 'xyz', 1)).toBe(2);
  });
});
