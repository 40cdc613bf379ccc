import { describe, expect, it } from 'vitest';
import { normaliseItemId, s10CheckDigit, s10Problem } from '../src/domain/s10.ts';

describe('UPU S10 item ids', () => {
  it('accepts the reference vectors', () => {
    expect(s10Problem('RR123456785CN')).toBeNull();
    expect(s10Problem('RB123456785GB')).toBeNull();
  });

  it('rejects a wrong check digit', () => {
    expect(s10Problem('RB123456786US')).toBe('check_digit');
  });

  it('rejects an unknown issuing country', () => {
    expect(s10Problem('RB123456785XX')).toBe('country');
  });

  it('rejects service indicators starting with J or K', () => {
    expect(s10Problem('JA123456785CN')).toBe('service');
    expect(s10Problem('KB123456785CN')).toBe('service');
  });

  it('rejects ids of the wrong shape', () => {
    for (const id of ['R123456785CN', 'RR12345678CN', 'RR1234567850CN', '12123456785CN', 'RR123456785C1', '']) {
      expect(s10Problem(id), id).toBe('format');
    }
  });

  it('maps a remainder of 10 to check digit 0 and 11 to 5', () => {
    expect(s10CheckDigit('00000000')).toBe(5); // sum 0: 11 - 0 = 11 -> 5
    expect(s10CheckDigit('00000008')).toBe(0); // sum 56, 56 % 11 = 1: 11 - 1 = 10 -> 0
    expect(s10CheckDigit('00000001')).toBe(4); // weight 7: 11 - 7 = 4
    expect(s10CheckDigit('00000010')).toBe(2); // weight 9: 11 - 9 = 2
    expect(s10CheckDigit('10000000')).toBe(3); // weight 8: 11 - 8 = 3
  });

  it('tolerates spaces and lower case from labels', () => {
    expect(normaliseItemId(' rr 123 456 785 cn ')).toBe('RR123456785CN');
    expect(s10Problem(normaliseItemId('RR 123 456 785 CN'))).toBeNull();
  });
});
