/**
 * The shared DMARC record parser (model/dmarc-record.ts), against our own cases and against the vectors of three
 * public DMARC parser test suites, each case citing its suite and file:
 *
 * - checkdmarc: github.com/domainaware/checkdmarc tests/test_dmarc.py (commit d4866ca, RFC 9989 era)
 * - OpenDMARC: github.com/trusteddomainproject/OpenDMARC libopendmarc/tests/test_dmarc_parse.c,
 *   test_parse_to_buf.c, test_dmarc_fetch.c (commit bf37d53)
 * - mail-dmarc: github.com/msimerson/mail-dmarc t/01.Policy.t (commit c49647a)
 *
 * The suites test different things in different ways (exceptions, status codes, setters); what is kept here is the
 * record text and the suite's verdict, turned into one of ours: `valid`, `warns` (receivers use it, with something
 * to fix), `invalid` (receivers drop part or all of it: verify fails it, the builder refuses it) or `not DMARC`
 * (receivers ignore the TXT). Where our verdict differs from the suite's on purpose, `differs` says why.
 */
import { appliedPolicy } from '../../model/dmarc-tree-walk';
import { DmarcRecord, isDmarcRecord, MAX_DMARC_RECORD_LENGTH, parseDmarcRecord, policyFor } from '../../model/dmarc-record';

type Verdict = 'valid' | 'warns' | 'invalid' | 'not DMARC';

function verdictOf(text: string): Verdict {
  if (!isDmarcRecord(text)) return 'not DMARC';
  const record = parseDmarcRecord(text);
  return record.errors.length > 0 ? 'invalid' : record.warnings.length > 0 ? 'warns' : 'valid';
}

interface Vector {
  readonly source: string;
  readonly record: string;
  readonly verdict: Verdict;
  /** A line our parser must report (error or warning), or values it must read. */
  readonly says?: RegExp;
  readonly reads?: (record: DmarcRecord) => void;
  /** Why our verdict is not the suite's: RFC 9989 or our own rule. */
  readonly differs?: string;
}

const CHECKDMARC = 'checkdmarc tests/test_dmarc.py';
const OPENDMARC = 'OpenDMARC libopendmarc/tests';
const MAIL_DMARC = 'mail-dmarc t/01.Policy.t';

const RFC9989_URI = 'RFC 9989 §4.7: receivers need only support mailto:, and drop other schemes; a report address no receiver uses loses every report';
const RFC9989_REMOVED = 'RFC 9989 removed pct, ri and rf: receivers that follow it ignore them, so any value only warns';
const RFC9989_FO = 'RFC 9989 §4.8 dmarc-fo: "0" and "1" exclude each other, so receivers following the grammar drop the whole fo';
const RFC9989_REQUEST = 'RFC 9989 §4.8 dmarc-request is the whole word; receivers that follow the grammar drop "n"';
const RFC9989_V = 'RFC 9989 §4.7: the v value is case-sensitive and v must be the first tag, else the record is ignored';
const INVALID_VALUE_OF_REMOVED = 'a value no receiver can read even under RFC 7489 is an error, as for any tag (checkdmarc only warns)';

const VECTORS: readonly Vector[] = [
  // checkdmarc: testDMARCMixedFormatting — white space and case are free, except in "DMARC1".
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'v=DMARC1;p=ReJect', verdict: 'valid', reads: (r) => expect(r.p).toBe('reject') },
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'v = DMARC1;p=reject;', verdict: 'valid' },
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'v = DMARC1\t;\tp=reject\t;', verdict: 'valid' },
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'v = DMARC1\t;\tp\t\t\t=\t\t\treject\t;', verdict: 'valid', reads: (r) => expect(r.p).toBe('reject') },
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'V=DMARC1;p=reject;', verdict: 'valid' },
  // checkdmarc: testInvalidDMARCURI
  { source: `${CHECKDMARC} testInvalidDMARCURI`, record: 'v=DMARC1; p=none; rua=reports@dmarc.cyber.dhs.gov,mailto:dmarcreports@usdoj.gov', verdict: 'invalid', says: /^rua: report addresses are URIs: write "mailto:reports@dmarc\.cyber\.dhs\.gov"/, reads: (r) => expect(r.rua.map((u) => u.address)).toEqual(['dmarcreports@usdoj.gov']) },
  { source: `${CHECKDMARC} testInvalidDMARCURI`, record: 'v=DMARC1; p=none; rua=__mailto:reports@dmarc.cyber.dhs.gov,mailto:dmarcreports@usdoj.gov', verdict: 'invalid', says: /^rua: expected a mailto: URI .*got "__mailto:reports@dmarc\.cyber\.dhs\.gov"/ },
  { source: `${CHECKDMARC} testDMARCInvalidReportURI`, record: 'v=DMARC1; p=none; rua=not_a_valid_uri', verdict: 'invalid', says: /^rua: expected a mailto: URI/ },
  // checkdmarc: policy values
  { source: `${CHECKDMARC} testInvalidDMARCPolicyValue`, record: 'v=DMARC1; p=foo; rua=mailto:dmarc@example.com', verdict: 'invalid', says: /^p: expected none\|quarantine\|reject, got "foo"$/ },
  { source: `${CHECKDMARC} testDMARCInvalidSpValue`, record: 'v=DMARC1; p=reject; sp=invalid', verdict: 'invalid', says: /^sp: expected none\|quarantine\|reject/ },
  { source: `${CHECKDMARC} testRFC9989InvalidNpValue`, record: 'v=DMARC1; p=reject; np=invalid', verdict: 'invalid', says: /^np: expected none\|quarantine\|reject/ },
  { source: `${CHECKDMARC} testRFC9989InvalidPsdValue`, record: 'v=DMARC1; p=reject; psd=x', verdict: 'invalid', says: /^psd: expected y\|n\|u, got "x"$/ },
  { source: `${CHECKDMARC} testRFC9989InvalidTValue`, record: 'v=DMARC1; p=reject; t=x', verdict: 'invalid', says: /^t: expected y\|n, got "x"$/ },
  { source: `${CHECKDMARC} testDMARCSyntaxError`, record: 'v=DMARC1; p=reject; fo=invalid_value; ruf=mailto:f@example.com', verdict: 'invalid', says: /^fo: expected a colon-separated list/ },
  { source: `${CHECKDMARC} testDMARCInvalidFoValue`, record: 'v=DMARC1; p=reject; fo=x; ruf=mailto:f@example.com', verdict: 'invalid', says: /^fo: expected a colon-separated list/ },
  // checkdmarc: the RFC 9989 tags
  { source: `${CHECKDMARC} testRFC9989NewTagNp`, record: 'v=DMARC1; p=reject; np=quarantine', verdict: 'valid', reads: (r) => expect(r.np).toBe('quarantine') },
  { source: `${CHECKDMARC} testRFC9989NewTagPsd`, record: 'v=DMARC1; p=reject; psd=n', verdict: 'valid', reads: (r) => expect(r.psd).toBe('n') },
  { source: `${CHECKDMARC} testRFC9989NewTagT`, record: 'v=DMARC1; p=reject; t=y', verdict: 'valid', reads: (r) => expect(r.testing).toBe(true) },
  { source: `${CHECKDMARC} testRFC9989NpDefaultsToSp`, record: 'v=DMARC1; p=reject; sp=quarantine', verdict: 'valid', reads: (r) => expect([r.np, policyFor(r, 'np')]).toEqual([undefined, 'quarantine']) },
  { source: `${CHECKDMARC} testRFC9989NpDefaultsToP`, record: 'v=DMARC1; p=reject', verdict: 'valid', reads: (r) => expect(policyFor(r, 'np')).toBe('reject') },
  { source: `${CHECKDMARC} testRFC9989PsdDefaultsToU / TDefaultsToN / RemovedTagImplicitNoWarning`, record: 'v=DMARC1; p=reject', verdict: 'valid', reads: (r) => expect([r.psd, r.testing, r.adkim, r.aspf]).toEqual(['u', false, 'r', 'r']) },
  // checkdmarc: removed tags warn
  { source: `${CHECKDMARC} testRFC9989PctRemovedWarning`, record: 'v=DMARC1; p=reject; pct=100', verdict: 'warns', says: /^pct: removed by RFC 9989: .*test mode/ },
  { source: `${CHECKDMARC} testRFC9989RfRemovedWarning`, record: 'v=DMARC1; p=reject; rf=afrf', verdict: 'warns', says: /^rf: removed by RFC 9989/ },
  { source: `${CHECKDMARC} testRFC9989RiRemovedWarning`, record: 'v=DMARC1; p=reject; ri=3600', verdict: 'warns', says: /^ri: removed by RFC 9989/ },
  { source: `${CHECKDMARC} testDMARCPctRemovedNotValidated`, record: 'v=DMARC1; p=reject; pct=0', verdict: 'warns', says: /^pct: removed by RFC 9989/ },
  { source: `${CHECKDMARC} testDMARCPctRemovedNotValidated`, record: 'v=DMARC1; p=reject; pct=150', verdict: 'invalid', says: /^pct: must be an integer between 0 and 100 inclusive, got "150"$/, differs: INVALID_VALUE_OF_REMOVED },
  { source: `${CHECKDMARC} testDMARCPctRemovedNotValidated`, record: 'v=DMARC1; p=reject; pct=-1', verdict: 'invalid', differs: INVALID_VALUE_OF_REMOVED },
  { source: `${CHECKDMARC} testDMARCPctRemovedNotValidated`, record: 'v=DMARC1; p=reject; pct=abc', verdict: 'invalid', differs: INVALID_VALUE_OF_REMOVED },
  { source: `${CHECKDMARC} testDMARCRiRemovedNotValidated`, record: 'v=DMARC1; p=reject; ri=abc', verdict: 'invalid', says: /^ri: must be a whole number of seconds/, differs: INVALID_VALUE_OF_REMOVED },
  { source: `${CHECKDMARC} testDMARCRfRemovedNotValidated`, record: 'v=DMARC1; p=reject; rf=invalid', verdict: 'warns', says: /^rf: removed by RFC 9989/ },
  { source: `${CHECKDMARC} testRFC9989BackwardCompatibility`, record: 'v=DMARC1; p=none; sp=none; fo=1; pct=50; adkim=r; aspf=r; rf=afrf; ri=86400; rua=mailto:eits.dmarcrua@energy.gov; ruf=mailto:eits.dmarcruf@energy.gov', verdict: 'warns', reads: (r) => expect(r.warnings.map((w) => w.split(':')[0])).toEqual(['pct', 'rf', 'ri']) },
  // checkdmarc: missing p, order, unknown tags, duplicates, grammar
  { source: `${CHECKDMARC} testRFC9989MissingPTagWarning`, record: 'v=DMARC1; rua=mailto:dmarc@example.com', verdict: 'warns', says: /^p: missing: receivers treat the record as p=none/, reads: (r) => expect(appliedPolicy(r, 'self')).toMatchObject({ applies: true, policy: 'none' }) },
  { source: `${CHECKDMARC} testDMARCPTagPositionWarns`, record: 'v=DMARC1; sp=none; p=reject', verdict: 'warns', says: /^p: not the second tag/, reads: (r) => expect(r.p).toBe('reject') },
  { source: `${CHECKDMARC} testDMARCUnknownTagIgnored`, record: 'v=DMARC1; p=reject; xyz=foo', verdict: 'warns', says: /^xyz: unknown tag, ignored \(RFC 9989 §4\.7\)$/ },
  { source: `${CHECKDMARC} testDMARCDuplicateTags`, record: 'v=DMARC1; p=reject; p=none', verdict: 'invalid', says: /^tag "p" appears twice$/, reads: (r) => expect(r.p).toBe('reject') },
  { source: `${CHECKDMARC} testDMARCGrammarSyntaxError`, record: 'v=DMARC1; p', verdict: 'invalid', says: /^"p" is not a tag=value pair$/ },
  { source: `${CHECKDMARC} testDMARCSPFInDMARC`, record: 'v=spf1 include:example.com -all', verdict: 'not DMARC' },
  { source: `${CHECKDMARC} testDMARCFoRedundancy`, record: 'v=DMARC1; p=reject; fo=0:1; ruf=mailto:f@example.com', verdict: 'invalid', says: /^fo: "0" and "1" exclude each other/, differs: `${RFC9989_FO} (checkdmarc warns "redundant")` },
  { source: `${CHECKDMARC} testRuaSizeLimitWarning`, record: 'v=DMARC1; p=reject; rua=mailto:dmarc@example.com!10m', verdict: 'warns', says: /^rua: the size limit "!10m" is obsolete \(RFC 9989 §4\.8\)/ },
  { source: `${CHECKDMARC} testRufBranchesCovered`, record: 'v=DMARC1; p=reject; rua=mailto:dmarc@example.com; ruf=mailto:forensic@elsewhere.com!5m', verdict: 'warns', says: /^ruf: the size limit "!5m" is obsolete/ },
  { source: `${CHECKDMARC} testDMARCRecordStartsWithWhitespace`, record: ' v=DMARC1; p=reject', verdict: 'warns', says: /^record starts with white space/, differs: 'RFC 9989 §4.10 only asks that the record start with v=DMARC1; common receivers trim, so a warning, not checkdmarc\'s error' },
  { source: `${CHECKDMARC} testDMARCSpNoneWarning`, record: 'v=DMARC1; p=reject; sp=none', verdict: 'valid', differs: 'checkdmarc warns as best practice; RFC 9989 allows it and the summary flags a loosened sp in a plan' },
  { source: `${CHECKDMARC} testDMARCMissingRuaWarning`, record: 'v=DMARC1; p=reject', verdict: 'valid', differs: 'checkdmarc warns as best practice; verify states "no aggregate reports (rua)" in its reason instead' },
  { source: `${CHECKDMARC} testManyRuaUrisWarning`, record: 'v=DMARC1; p=reject; rua=mailto:dmarc0@example.com,mailto:dmarc1@example.com,mailto:dmarc2@example.com', verdict: 'valid', differs: 'checkdmarc warns on more than two URIs as best practice; no RFC limits them' },

  // OpenDMARC: test_dmarc_parse.c, cases 1–19 (DMARC_PARSE_OKAY and the DMARC_PARSE_ERROR_* codes)
  { source: `${OPENDMARC}/test_dmarc_parse.c #1`, record: 'v=DMARC1; p=none; rf=afrf; rua=mailto:dmarc-a@abuse.net; ruf=mailto:dmarc-f@abuse.net', verdict: 'warns', says: /^rf: removed by RFC 9989/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #2`, record: 'v=DMARC1; p=none;', verdict: 'valid' },
  { source: `${OPENDMARC}/test_dmarc_parse.c #3`, record: 'v=DMARC1; p=reject;', verdict: 'valid' },
  { source: `${OPENDMARC}/test_dmarc_parse.c #4`, record: 'v=DMARC1; p=quarantine;', verdict: 'valid' },
  { source: `${OPENDMARC}/test_dmarc_parse.c #5`, record: 'v=DMARC1; p=n;', verdict: 'invalid', says: /^p: expected none\|quarantine\|reject, got "n"$/, differs: `${RFC9989_REQUEST} (OpenDMARC reads the first letter)` },
  { source: `${OPENDMARC}/test_dmarc_parse.c #6 (ERROR_EMPTY)`, record: '', verdict: 'not DMARC', reads: (r) => expect(r.errors).toEqual(['record is empty']) },
  { source: `${OPENDMARC}/test_dmarc_parse.c #7 (ERROR_BAD_VERSION)`, record: 'V=BOB', verdict: 'not DMARC', reads: (r) => expect(r.errors).toEqual(['record does not start with "v=DMARC1"']) },
  { source: `${OPENDMARC}/test_dmarc_parse.c #8 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=bob;', verdict: 'invalid', says: /^p: expected/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #9 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; sp=bob;', verdict: 'invalid', says: /^sp: expected/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #10 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; adkim=bob;', verdict: 'invalid', says: /^adkim: expected r\|s/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #11 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; aspf=bob;', verdict: 'invalid', says: /^aspf: expected r\|s/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #12 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; rf=bob;', verdict: 'warns', says: /^rf: removed by RFC 9989/, differs: `${RFC9989_REMOVED}; "bob" is a well-formed format keyword (RFC 7489 §6.4)` },
  { source: `${OPENDMARC}/test_dmarc_parse.c #13 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; ri=bob;', verdict: 'invalid', says: /^ri: must be a whole number/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #14 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; pct=500;', verdict: 'invalid', says: /^pct: must be an integer between 0 and 100/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #15 (ERROR_NO_REQUIRED_P)`, record: 'v=DMARC1; pct=100;', verdict: 'invalid', says: /^p: missing, and no valid "rua" either: receivers apply no DMARC policy at all/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #16`, record: 'v=DMARC1; p=none; rua=ftp://abuse.com', verdict: 'invalid', says: /^rua: expected a mailto: URI/, differs: RFC9989_URI },
  { source: `${OPENDMARC}/test_dmarc_parse.c #17`, record: 'v=DMARC1; p=none; ruf=mailto://abuse.com', verdict: 'invalid', says: /^ruf: expected "mailto:local@domain"/, differs: 'a mailto: URI without an address reaches nobody' },
  { source: `${OPENDMARC}/test_dmarc_parse.c #18`, record: 'v=DMARC1; p=none; ruf=mailto://abuse.com; foo=bar; buzz=happy;', verdict: 'invalid', reads: (r) => expect(r.warnings).toEqual(['foo: unknown tag, ignored (RFC 9989 §4.7)', 'buzz: unknown tag, ignored (RFC 9989 §4.7)']), differs: 'the ruf of #17; the unknown tags alone only warn' },
  { source: `${OPENDMARC}/test_dmarc_parse.c #19 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; rf=000000000000000000000000000000000', verdict: 'invalid', says: /^rf: expected a colon list of report formats/ },
  { source: `${OPENDMARC}/test_parse_to_buf.c`, record: 'v=DMARC1; p=none; rf=afrf; fo=1:s rua=mailto:dmarc-a@abuse.net; ruf=mailto:dmarc-f@abuse.net', verdict: 'invalid', says: /^fo: expected a colon-separated list .*got "1:s rua=mailto:dmarc-a@abuse\.net"$/, reads: (r) => expect(r.rua).toEqual([]), differs: 'the missing ";" makes "rua=…" part of the fo value: receivers following the grammar drop fo and never see that rua' },
  { source: `${OPENDMARC}/test_dmarc_fetch.c`, record: 'v=DMARC1; p=none; sp=none; adkim=s; aspf=s; pct=50; ri=300; rf=afrf; rua=mailto:dmarc-a@abuse.net; ruf=mailto:dmarc-f@abuse.net', verdict: 'warns', reads: (r) => expect([r.tags.pct, r.adkim, r.aspf]).toEqual(['50', 's', 's']) },

  // mail-dmarc t/01.Policy.t test_parse and test_is_valid
  { source: `${MAIL_DMARC} test_parse`, record: 'v=DMARC1; p=reject; rua=mailto:dmarc@example.co; pct=90', verdict: 'warns', reads: (r) => expect([r.p, r.tags.pct, r.rua[0]?.uri]).toEqual(['reject', '90', 'mailto:dmarc@example.co']) },
  { source: `${MAIL_DMARC} test_parse (warns of invalid format)`, record: 'v=DMARC1;p=reject;rua=mailto:dmarc-feedback@theartfarm.com;pct=;ruf=mailto:dmarc-feedback@theartfarm.com', verdict: 'invalid', says: /^pct: has no value$/, differs: 'RFC 9989 §4.8 dmarc-tag needs a value; mail-dmarc drops the tag with a warning, we call the record invalid as for any empty tag' },
  { source: `${MAIL_DMARC} test_parse (with location)`, record: 'domain=tnpi.net;v=DMARC1;p=reject;rua=mailto:dmarc-feedback@theartfarm.com', verdict: 'not DMARC', differs: `${RFC9989_V} (mail-dmarc prefixes its own domain= when it stores records)` },
  { source: `${MAIL_DMARC} test_is_valid 1.4.1 (meaningless)`, record: 'v=DMARC1', verdict: 'invalid', says: /^p: missing, and no valid "rua" either/ },
  { source: `${MAIL_DMARC} test_is_valid 1.4.2 (smallest record)`, record: 'v=DMARC1; p=reject', verdict: 'valid' },
  { source: `${MAIL_DMARC} test_is_valid 1.4.3 (extra backslashes)`, record: 'v=DMARC1\\; p=reject\\;', verdict: 'not DMARC', differs: `${RFC9989_V}: a backslash that reached the TXT data is part of the value "DMARC1\\"` },
  { source: `${MAIL_DMARC} test_is_valid 1.4.4 (unknown tag)`, record: 'v=DMARC1; p=reject; newtag=unknown', verdict: 'warns', says: /^newtag: unknown tag, ignored/ },
  { source: `${MAIL_DMARC} test_is_valid 1.4.5 (bogus p)`, record: 'v=DMARC1; p=bogus', verdict: 'invalid' },
  { source: `${MAIL_DMARC} test_is_valid 9.6 (missing p, invalid rua)`, record: 'v=DMARC1; rua=ftp://www.example.com', verdict: 'invalid', says: /^p: missing, and no valid "rua" either/ },
  { source: `${MAIL_DMARC} test_is_valid 9.6 (implicit p=none with rua)`, record: 'v=DMARC1; rua=mailto:test@example.com', verdict: 'warns', says: /^p: missing: receivers treat the record as p=none/ },
  { source: `${MAIL_DMARC} test_is_valid (psd=y without p)`, record: 'v=DMARC1; psd=y', verdict: 'invalid', says: /^p: missing, and no valid "rua" either/, differs: 'RFC 9989 §4.10.1: a record without a valid p and without a valid rua gets no DMARC processing, a PSD record too' },
  { source: `${MAIL_DMARC} test_is_valid (np=reject psd=n)`, record: 'v=DMARC1; p=none; np=reject; psd=n', verdict: 'valid' },
  { source: `${MAIL_DMARC} test_is_valid (np=bogus)`, record: 'v=DMARC1; p=none; np=bogus', verdict: 'invalid' },
  // mail-dmarc handles_common_record_errors: records seen in the wild (its `domain=` prefix removed). mail-dmarc only
  // checks that they do not crash it; we also say what is wrong, with a hint where the typo is plain.
  { source: `${MAIL_DMARC} __DATA__ accuquote.com`, record: 'v=DMARC1;p=none;fo:0;adkim=r;aspf=r;sp=none;rua=mailto:accu_postmaster@accuquote.com', verdict: 'invalid', says: /^"fo:0" is not a tag=value pair \(did you mean "fo=0"\?\)$/ },
  { source: `${MAIL_DMARC} __DATA__ targetselect.net`, record: 'v=DMARC1;p=none;rua=mailto:postmaster@targetselect.net;ruf=mailto:postmaster@targetselect.net;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none', verdict: 'invalid', says: /^"rf:afrf" is not a tag=value pair \(did you mean "rf=afrf"\?\)$/ },
  { source: `${MAIL_DMARC} __DATA__ teogenes.com.br`, record: 'v=DMARC1;p=quarantine;rua=mailto:retorno@teogenes.com.br;fo:1:d;adkim=r;aspf=r;rf=afrf;sp=quarantine', verdict: 'invalid', says: /^"fo:1:d" is not a tag=value pair \(did you mean "fo=1:d"\?\)$/ },
  { source: `${MAIL_DMARC} __DATA__ brightworksgroup.net`, record: 'v=DMARC1;p=none;0;adkim=r;aspf=r', verdict: 'invalid', says: /^"0" is not a tag=value pair$/ },
  { source: `${MAIL_DMARC} __DATA__ theluxurycloset.info`, record: 'v=DMARC1;p=reject;adkim=s;aspf=r;rf=afrf;;pct=100', verdict: 'warns', reads: (r) => expect(r.adkim).toBe('s') },
  { source: `${MAIL_DMARC} __DATA__ cmnet.org`, record: 'v=DMARC1;p=none;sp=none;rua=mailto:postmaster@cmnet.org!10m;;pct=100;ri=86400', verdict: 'warns', says: /^rua: the size limit "!10m" is obsolete/ },
  { source: `${MAIL_DMARC} __DATA__ coachingcompass.com`, record: 'v=DMARC1;p=quarantine;rua=mailto:dan@darau.com;ruf=mailto:dan@darau.com;1:d:s;adkim=r;aspf=r;rf=afrf;sp=quarantine', verdict: 'invalid', says: /^"1:d:s" is not a tag=value pair$/ },
  { source: `${MAIL_DMARC} __DATA__ genetex.com`, record: 'v=DMARC1;p=none;sp-none;rua=mailto:postmaster@genetex.com!1m;ruf=mailto:postmaster@genetex.com!1m;rf=afrf;pct=100;ri=86400', verdict: 'invalid', says: /^"sp-none" is not a tag=value pair \(did you mean "sp=none"\?\)$/ },
  { source: `${MAIL_DMARC} unhandled errors (caasco.ca)`, record: 'v=DMARC1;p=none;sp=none;rua=mailto:dmarc_agg@auth.returnpath.net;ruf=mailto:dmarc_afrf@auth.returnpath.net;rf=afrf;pct100', verdict: 'invalid', says: /^"pct100" is not a tag=value pair$/ },
  { source: `${MAIL_DMARC} unhandled errors (edm.groceryrun.com.au)`, record: 'v=dmarc1;p=none;rua=mailto:dmarc_feedback@inxmail.de&amp;lt;dmarc_feedback@inxmail.de&amp;gt', verdict: 'not DMARC', differs: RFC9989_V },
  { source: `${MAIL_DMARC} unhandled errors (reply.myphotobook.de)`, record: 'v=DMARC1;p=reject;adkim=s;aspf=r;rf\ufffdrf;pct0', verdict: 'invalid', says: /^"rf\ufffdrf" is not a tag=value pair$/ },
  { source: `${MAIL_DMARC} unhandled errors (email.ex.kbhmaui.com)`, record: 'v=DMARC1;p=none;rua=mailto:dmarc-reports@email.ex.kbhmaui.com;pct=100;\u201d', verdict: 'invalid', says: /^"\u201d" is not a tag=value pair$/ },
];

/** mail-dmarc t/01.Policy.t test_setter_values: the values each setter accepts (%good_vals) and refuses (%bad_vals). */
const SETTER_RECORD = (tag: string, value: string) =>
  tag === 'p' ? `v=DMARC1; p=${value}` : tag === 'v' ? `v=${value}; p=none` : tag === 'fo' ? `v=DMARC1; p=none; fo=${value}; ruf=mailto:f@example.com` : `v=DMARC1; p=none; ${tag}=${value}`;
const SETTER_GOOD: Record<string, string[]> = {
  p: ['none', 'reject', 'quarantine', 'NONE', 'REJEcT', 'Quarantine'],
  v: ['DMARC1'],
  sp: ['none', 'reject', 'quarantine', 'NoNe', 'REjEcT', 'QuarAntine'],
  np: ['none', 'reject', 'quarantine', 'None', 'Reject', 'Quarantine'],
  psd: ['y', 'n', 'u', 'Y', 'N', 'U'],
  t: ['y', 'n', 'Y', 'N'],
  adkim: ['r', 's', 'R', 'S'],
  aspf: ['r', 's', 'R', 'S'],
  fo: ['0', '1', 'd', 's', 'D', 'S', '0:d'],
  rua: ['mailto:dmarc-feed@example.com!10m'],
  rf: ['iodef', 'afrf', 'IODEF', 'AFRF'],
  ri: ['0', '1', '1000', '4294967295'],
  pct: ['0', '10', '50', '99', '100'],
};
const SETTER_BAD: Record<string, string[]> = {
  p: ['nonense', 'silly', 'example'],
  sp: ['nones', 'rejection', 'quarrantine'],
  np: ['nones', 'rejection', 'quarrantine'],
  psd: ['yes', 'no', 'maybe'],
  t: ['yes', 'no', 'testing'],
  adkim: ['relaxed', 'strict'],
  aspf: ['relaxed', 'strict'],
  fo: ['00', '11', 'dd', 'ss'],
  rua: ['ftp://example.com/pub', 'torrent://piratebay.net/dmarc'],
  ruf: ['mail:msimerson@cnap.org'],
  ri: ['-1', 'a', '4294967296'],
  pct: ['-1', 'f', '101', '1.1', '1.0', '5.f1'],
};
/** Where we judge a mail-dmarc setter value differently, on purpose. */
const SETTER_DIFFERS: readonly Vector[] = [
  { source: `${MAIL_DMARC} test_setter_values good v`, record: SETTER_RECORD('v', 'dmarc1'), verdict: 'not DMARC', differs: RFC9989_V },
  { source: `${MAIL_DMARC} test_setter_values good fo`, record: SETTER_RECORD('fo', '0:1:d:s'), verdict: 'invalid', differs: RFC9989_FO },
  { source: `${MAIL_DMARC} test_setter_values good rua`, record: SETTER_RECORD('rua', 'http://example.com/pub/dmarc!30m'), verdict: 'invalid', differs: RFC9989_URI },
  { source: `${MAIL_DMARC} test_setter_values good ruf`, record: SETTER_RECORD('ruf', 'https://example.com/dmarc?report!1m'), verdict: 'invalid', differs: RFC9989_URI },
  ...['iodef2', 'rfrf2', 'rfrf'].map((value): Vector => ({ source: `${MAIL_DMARC} test_setter_values bad rf`, record: SETTER_RECORD('rf', value), verdict: 'warns', differs: RFC9989_REMOVED })),
  { source: `${MAIL_DMARC} test_setter_values bad v`, record: SETTER_RECORD('v', 'DMARC2'), verdict: 'not DMARC' },
];

describe('DMARC parser against public test vectors', () => {
  test.each(VECTORS.map((v) => [`${v.source}: ${JSON.stringify(v.record)} → ${v.verdict}${v.differs ? ' (differs on purpose)' : ''}`, v] as const))('%s', (_, vector) => {
    expect(verdictOf(vector.record)).toBe(vector.verdict);
    const record = parseDmarcRecord(vector.record);
    if (vector.says) expect([...record.errors, ...record.warnings]).toContainEqual(expect.stringMatching(vector.says));
    vector.reads?.(record);
  });

  const setterCases = [
    ...Object.entries(SETTER_GOOD).flatMap(([tag, values]) => values.map((value) => [`good ${tag}=${value}`, SETTER_RECORD(tag, value), false] as const)),
    ...Object.entries(SETTER_BAD).flatMap(([tag, values]) => values.map((value) => [`bad ${tag}=${value}`, SETTER_RECORD(tag, value), true] as const)),
  ];
  test.each(setterCases)(`${MAIL_DMARC} test_setter_values %s`, (_, text, bad) => {
    expect(verdictOf(text) === 'invalid').toBe(bad);
  });

  test.each(SETTER_DIFFERS.map((v) => [`${JSON.stringify(v.record)} → ${v.verdict}: ${v.differs ?? ''}`, v] as const))(`${MAIL_DMARC} (differs on purpose) %s`, (_, vector) => {
    expect(verdictOf(vector.record)).toBe(vector.verdict);
  });
});

describe('parseDmarcRecord: our own rules', () => {
  test('reads every tag: lowercase names, keyword values lowercased, report URIs parsed', () => {
    const r = parseDmarcRecord('v=DMARC1; P=Quarantine; sp=REJECT; np=none; adkim=S; aspf=r; t=Y; psd=N; fo=D:1; rua=mailto:a@Example.org, mailto:b@example.org; ruf=mailto:f@example.org');
    expect(r.errors).toEqual([]);
    expect({ p: r.p, sp: r.sp, np: r.np, adkim: r.adkim, aspf: r.aspf, testing: r.testing, psd: r.psd }).toEqual({ p: 'quarantine', sp: 'reject', np: 'none', adkim: 's', aspf: 'r', testing: true, psd: 'n' });
    expect(r.rua).toEqual([
      { uri: 'mailto:a@Example.org', address: 'a@example.org', domain: 'example.org' },
      { uri: 'mailto:b@example.org', address: 'b@example.org', domain: 'example.org' },
    ]);
    expect(Object.keys(r.tags)).toEqual(['v', 'p', 'sp', 'np', 'adkim', 'aspf', 't', 'psd', 'fo', 'rua', 'ruf']);
  });

  test('a report address listed twice warns (receivers may send each report twice)', () => {
    expect(parseDmarcRecord('v=DMARC1; p=none; rua=mailto:a@example.org,mailto:A@example.org').warnings).toEqual(['rua: "mailto:A@example.org" is listed twice ([0] and [1])']);
  });

  test('fo without ruf warns: RFC 9989 §4.7 says to ignore it', () => {
    expect(parseDmarcRecord('v=DMARC1; p=none; fo=1').warnings).toEqual(['fo: has no effect without "ruf" (RFC 9989 §4.7)']);
  });

  describe('hostile input: a clear problem, never a throw, never a prototype change', () => {
    test.each([
      ['__proto__ as a tag name (not 1*ALPHA)', 'v=DMARC1; p=none; __proto__=x', /^"__proto__=x" is not a tag=value pair$/],
      ['constructor as a tag name', 'v=DMARC1; p=none; constructor=x', /^constructor: unknown tag, ignored/],
      ['a control character in a value', 'v=DMARC1; p=none\u0007', /^p: has a character outside printable ASCII: "none\\u0007"$/],
      ['a newline inside a value', 'v=DMARC1; p=none; rua=mailto:a@example.org\n::error::x', /^rua: has a character outside printable ASCII/],
      ['template syntax', 'v=DMARC1; p=${reject}; rua=%{mailto:a@example.org}', /^p: expected none\|quarantine\|reject, got "\$\{reject\}"$/],
      ['a bidi override', 'v=DMARC1; p=\u202ereject', /^p: has a character outside printable ASCII/],
      ['an oversized record', `v=DMARC1; p=none; rua=${'mailto:a@example.org,'.repeat(500)}`, new RegExp(`^record is \\d+ characters long; records over ${MAX_DMARC_RECORD_LENGTH} are not read$`)],
    ])('%s', (_, text, problem) => {
      const r = parseDmarcRecord(text);
      expect([...r.errors, ...r.warnings]).toContainEqual(expect.stringMatching(problem));
      expect(Object.getPrototypeOf(r.tags)).toBeNull();
    });

    test('many empty parts are skipped in one pass', () => {
      const r = parseDmarcRecord(`v=DMARC1${';'.repeat(5000)}p=reject`);
      expect([r.p, r.errors]).toEqual(['reject', []]);
    });

    test('a tag named like an Object method is not mistaken for a duplicate', () => {
      expect(parseDmarcRecord('v=DMARC1; p=none; toString=1; hasOwnProperty=2').errors).toEqual([]);
    });
  });
});
