/**
 * verify reads each distinct SPF record text once (issue 20): the remembered reading must be the reading itself, and
 * shared readings must not be changeable by a caller.
 */
import { parseSpfRecord } from '../../model/spf';
import { parsedSpfRecord } from '../../verify/spf-parsed';

const RECORDS = [
  'v=spf1 include:spf.secutix.com ~all',
  'v=spf1 include:spf.secutix.com include:_spf.google.com ip4:192.0.2.0/24 -all',
  'v=spf1 a mx ptr exists:%{i}.example.org redirect=_spf.example.org',
  'v=spf1 include:a.example include:a.example redirect=x.example redirect=y.example',
  'v=spf1 ip4:999.1.1.1 bogus:term ~all',
  'v=spf2 -all',
  'v=spf1',
  'V=SPF1 Include:Example.ORG -ALL',
];

describe('parsedSpfRecord', () => {
  test.each(RECORDS)('reads %s as parseSpfRecord does, the first time and again', (text) => {
    const expected = parseSpfRecord(text);
    expect(parsedSpfRecord(text)).toEqual(expected);
    expect(parsedSpfRecord(text)).toEqual(expected);
  });

  test('the same text gives the same reading; a caller cannot change it', () => {
    const text = 'v=spf1 include:spf.secutix.com ~all';
    const a = parsedSpfRecord(text);
    expect(parsedSpfRecord(text)).toBe(a);
    expect(Object.isFrozen(a.terms) && Object.isFrozen(a.errors)).toBe(true);
    expect(() => (a.terms as unknown[]).push('x')).toThrow(TypeError);
    expect(parsedSpfRecord(text).terms).toHaveLength(2);
  });

  test('a text longer than real records is read each time, as well as the first time', () => {
    const text = `v=spf1 ${Array.from({ length: 200 }, (_, i) => `ip4:10.1.${i}.0/24`).join(' ')} -all`;
    expect(text.length).toBeGreaterThan(1024);
    const first = parsedSpfRecord(text);
    expect(first).toEqual(parseSpfRecord(text));
    expect(parsedSpfRecord(text)).not.toBe(first);
    expect(parsedSpfRecord(text)).toEqual(first);
  });

  test('stays bounded: more than 10,000 distinct texts start the memory afresh and still read right', () => {
    for (let i = 0; i < 10_050; i++) parsedSpfRecord(`v=spf1 ip4:10.0.${i >> 8}.${i & 255} -all`);
    const text = 'v=spf1 ip4:10.0.0.7 -all';
    expect(parsedSpfRecord(text)).toEqual(parseSpfRecord(text));
  });
});
