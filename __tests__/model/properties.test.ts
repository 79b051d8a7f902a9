import fc from 'fast-check';
import { buildDmarc, DMARC_ALIGNMENTS, DMARC_POLICIES, DMARC_PSD, DMARC_TAG_ORDER, DmarcOptions, parseDmarcRecord } from '../../model/dmarc';
import { Problems } from '../../model/problems';
import { SECUTIX_PROFILE } from '../../model/sender-profile';
import { buildSpf, parseSpfRecord, SPF_ALL, SPF_MAX_LENGTH } from '../../model/spf';
import { MAX_TXT_STRING, splitTxt } from '../../model/txt';

// Property-based tests: whatever valid options, the rendered record parses back to them and fits the string rules.

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom('org', 'com', 'ch', 'example')).map(([ls, tld]) => [...ls, tld].join('.'));
const qualifier = fc.constantFrom('', '+', '-', '~', '?');
const ip4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255), fc.option(fc.integer({ min: 0, max: 32 }), { nil: undefined }))
  .map(([a, b, c, d, len]) => `ip4:${a}.${b}.${c}.${d}${len === undefined ? '' : `/${len}`}`);
const ip6 = fc.tuple(fc.ipV6(), fc.option(fc.integer({ min: 0, max: 128 }), { nil: undefined })).map(([a, len]) => `ip6:${a}${len === undefined ? '' : `/${len}`}`);
const lookupTerm = fc.oneof(
  domain.map((d) => `include:${d}`),
  domain.map((d) => `exists:${d}`),
  fc.option(domain, { nil: undefined }).map((d) => (d ? `a:${d}` : 'a')),
  fc.option(domain, { nil: undefined }).map((d) => (d ? `mx:${d}` : 'mx')),
);
const term = fc.tuple(qualifier, fc.oneof({ weight: 3, arbitrary: ip4 }, { weight: 2, arbitrary: ip6 }, { weight: 2, arbitrary: lookupTerm })).map(([q, t]) => q + t);
const spfOptions = fc.record({
  mechanisms: fc.uniqueArray(term, { maxLength: 40, selector: (t) => t.replace(/^[+\-~?]/, '') }).filter((ts) => !ts.some((t) => t.endsWith(`include:${SECUTIX_PROFILE.spfInclude}`))),
  all: fc.constantFrom(...SPF_ALL),
});

describe('SPF renderer properties', () => {
  test('an accepted record parses back to the same terms, stays ≤ 512 bytes and splits into ≤ 255-byte strings on term boundaries', () => {
    fc.assert(
      fc.property(spfOptions, (options) => {
        const problems = new Problems();
        const record = buildSpf(options, SECUTIX_PROFILE, problems);
        if (record === undefined) {
          // the only reasons a well-formed list is refused: too many lookups or too long
          expect(problems.errors.map((e) => e.message).join()).toMatch(/DNS lookups|bytes/);
          return;
        }
        const { terms, errors } = parseSpfRecord(record);
        expect(errors).toEqual([]);
        expect(terms[0]!.text).toBe(`include:${SECUTIX_PROFILE.spfInclude}`);
        expect(terms.slice(1, -1).map((t) => t.text)).toEqual(options.mechanisms);
        expect(terms[terms.length - 1]!.text).toBe(options.all);
        expect(record.length).toBeLessThanOrEqual(SPF_MAX_LENGTH);
        const strings = splitTxt(record);
        expect(strings.join('')).toBe(record);
        for (const s of strings) expect(s.length).toBeLessThanOrEqual(MAX_TXT_STRING);
        const termsFromStrings = strings.flatMap((s) => s.split(' ').filter(Boolean));
        expect(termsFromStrings).toEqual(record.split(' '));
      }),
      { numRuns: 300 },
    );
  });
});

const mailto = fc.tuple(label, domain, fc.option(fc.tuple(fc.nat(999), fc.constantFrom('', 'k', 'm', 'g', 't')), { nil: undefined }))
  .map(([local, d, size]) => `mailto:${local}@${d}${size ? `!${size[0]}${size[1]}` : ''}`);
// RFC 9989 §4.8: "0" and "1" exclude each other.
const foList = fc.subarray(['0', '1', 'd', 's'], { minLength: 1 }).filter((xs) => !(xs.includes('0') && xs.includes('1'))).map((xs) => xs.join(':'));
const dmarcOptions: fc.Arbitrary<DmarcOptions> = fc.record(
  {
    policy: fc.constantFrom(...DMARC_POLICIES),
    subdomainPolicy: fc.constantFrom(...DMARC_POLICIES),
    nonexistentSubdomainPolicy: fc.constantFrom(...DMARC_POLICIES),
    rua: fc.uniqueArray(mailto, { minLength: 1, maxLength: 3, selector: (u) => u.toLowerCase() }),
    ruf: fc.uniqueArray(mailto, { minLength: 1, maxLength: 2, selector: (u) => u.toLowerCase() }),
    adkim: fc.constantFrom(...DMARC_ALIGNMENTS),
    aspf: fc.constantFrom(...DMARC_ALIGNMENTS),
    fo: foList,
    t: fc.boolean(),
    psd: fc.constantFrom(...DMARC_PSD),
    pct: fc.integer({ min: 0, max: 100 }),
  },
  { requiredKeys: [] },
);

describe('DMARC renderer properties', () => {
  test('a record parses back to the options, v and p first, tags in canonical order, strings ≤ 255 bytes', () => {
    fc.assert(
      fc.property(dmarcOptions, (options) => {
        const problems = new Problems();
        const record = buildDmarc(options, problems);
        expect(problems.errors).toEqual([]);
        const { tags, errors } = parseDmarcRecord(record!);
        expect(errors).toEqual([]);
        const names = Object.keys(tags);
        expect(names.slice(0, 2)).toEqual(['v', 'p']);
        expect(names).toEqual([...names].sort((a, b) => DMARC_TAG_ORDER.indexOf(a as never) - DMARC_TAG_ORDER.indexOf(b as never)));
        expect(tags.p).toBe(options.policy ?? 'none');
        expect(tags.sp).toBe(options.subdomainPolicy);
        expect(tags.np).toBe(options.nonexistentSubdomainPolicy);
        expect(tags.adkim).toBe(options.adkim);
        expect(tags.aspf).toBe(options.aspf);
        expect(tags.fo).toBe(options.fo);
        expect(tags.t).toBe(options.t ? 'y' : undefined);
        expect(tags.psd).toBe(options.psd);
        expect(tags.pct).toBe(options.pct === undefined ? undefined : String(options.pct));
        expect(tags.rua?.split(',')).toEqual(options.rua);
        expect(tags.ruf?.split(',')).toEqual(options.ruf);
        const strings = splitTxt(record!);
        expect(strings.join('')).toBe(record);
        for (const s of strings) expect(s.length).toBeLessThanOrEqual(MAX_TXT_STRING);
      }),
      { numRuns: 300 },
    );
  });
});
