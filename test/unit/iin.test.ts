import { describe, expect, it } from 'vitest';
import { iinCheckDigit, validateIin } from '../../shared';

describe('validateIin', () => {
  it.each(['871008401427', '760212350620', '800416300257', '680503450037', '061211600012', '791028302728'])('accepts the public example %s', (iin) => {
    expect(validateIin(iin).ok).toBe(true);
  });

  it('reads the birth date and sex', () => {
    expect(validateIin('871008401427')).toEqual({ ok: true, birthDate: '1987-10-08', sex: 'female' });
    expect(validateIin('760212350620')).toEqual({ ok: true, birthDate: '1976-02-12', sex: 'male' });
    expect(validateIin('061211600012')).toEqual({ ok: true, birthDate: '2006-12-11', sex: 'female' });
  });

  it('uses the second weights when the first give 10', () => {
    expect(iinCheckDigit('06121160001')).toBe(2);
  });

  it('refuses each kind of wrong number with its reason', () => {
    expect(validateIin('87100840142')).toEqual({ ok: false, reason: 'format' });
    expect(validateIin('87100840142a')).toEqual({ ok: false, reason: 'format' });
    expect(validateIin('871008001427')).toEqual({ ok: false, reason: 'century' });
    expect(validateIin('871308401427')).toEqual({ ok: false, reason: 'date' });
    expect(validateIin('870230401427')).toEqual({ ok: false, reason: 'date' });
    expect(validateIin('871008401428')).toEqual({ ok: false, reason: 'checksum' });
  });
});
