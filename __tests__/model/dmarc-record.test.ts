/**
 * The shared DMARC record parser (model/dmarc-record.ts), against our own cases and against the vectors of three
 * public DMARC parser test suites, each case citing its suite and file:
 *
 * - checkdmarc: github.com/domainaware/checkdmarc tests/test_dmarc.py (commit d4866ca, RFC 9989 era)
 * - OpenDMARC: github.com/trusteddomainproject/OpenDMARC libopendmarc/tests/test_dmarc_parse.c,
 *   test_parse_to_buf.c, test_dmarc_fetch.c (commit bf37d53)
 * - mail-dmarc: github.com/msimerson/mail-dmarc t/01.Policy.t (commit c49647a)
 *
 * Each vector holds the record text, the suite's verdict (`peer`: what its test asserts) and ours: `valid`, `warns`
 * (receivers use it, with something to fix), `invalid` (receivers drop part or all of it: verify fails it, the builder
 * refuses it) or `not DMARC` (receivers ignore the TXT). The suites assert `accepts` (parsed, no claim about
 * warnings), `warns` (a warning asserted), `refuses` (an exception or error code) or `not DMARC`. Where the two
 * disagree, `differs` says why, and docs/dmarc-rollout.md lists the case; a test keeps both honest (a difference
 * without a reason fails, and so does a reason where there is no difference).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDmarc, DmarcOptions } from '../../model/dmarc';
import { appliedPolicy } from '../../model/dmarc-tree-walk';
import { DmarcRecord, isDmarcRecord, MAX_DMARC_RECORD_LENGTH, parseDmarcRecord, policyFor } from '../../model/dmarc-record';
import { Problems } from '../../model/problems';
import { REPO_ROOT } from '../helpers/repo-root';

type Verdict = 'valid' | 'warns' | 'invalid' | 'not DMARC';
type PeerVerdict = 'accepts' | 'warns' | 'refuses' | 'not DMARC';

function verdictOf(text: string): Verdict {
  if (!isDmarcRecord(text)) return 'not DMARC';
  const record = parseDmarcRecord(text);
  return record.errors.length > 0 ? 'invalid' : record.warnings.length > 0 ? 'warns' : 'valid';
}

/** Whether our verdict says what the suite's says: `accepts` makes no claim about warnings. */
function agrees(ours: Verdict, peer: PeerVerdict): boolean {
  switch (peer) {
    case 'accepts':
      return ours === 'valid' || ours === 'warns';
    case 'warns':
      return ours === 'warns';
    case 'refuses':
      return ours === 'invalid';
    case 'not DMARC':
      return ours === 'not DMARC';
  }
}

interface Vector {
  readonly source: string;
  readonly record: string;
  /** What the suite asserts. */
  readonly peer: PeerVerdict;
  /** Ours. */
  readonly verdict: Verdict;
  /** A line our parser must report (error or warning), or values it must read. */
  readonly says?: RegExp;
  readonly reads?: (record: DmarcRecord) => void;
  /** Why our verdict is not the suite's: RFC 9989 or our own rule. Set exactly when they disagree. */
  readonly differs?: string;
}

const CHECKDMARC = 'checkdmarc tests/test_dmarc.py';
const OPENDMARC = 'OpenDMARC libopendmarc/tests';
const MAIL_DMARC = 'mail-dmarc t/01.Policy.t';

const RFC9989_REMOVED =
  'RFC 9989 removed pct, ri and rf: receivers that follow it ignore them and RFC 7489 receivers replace a bad value by its default, so the policy applies and verify only warns (OpenDMARC refuses the whole record, which the warning says); the config builder refuses the value';
const RFC9989_REMOVED_KEYWORD = 'RFC 9989 removed rf: receivers that follow it ignore it, and the value is a well-formed format keyword (RFC 7489 §6.4: a colon list of keywords), so verify and the config builder only warn';
const RFC9989_URI_SCHEME = 'RFC 9989 §4.7 allows any URI; receivers send reports to mailto: only, so verify warns that none arrive (the config builder refuses it)';
const RFC9989_FO = 'RFC 9989 §4.8 dmarc-fo: "0" and "1" exclude each other, so receivers following the grammar drop the whole fo';
const RFC9989_REQUEST = 'RFC 9989 §4.8 dmarc-request is the whole word; receivers that follow the grammar drop "n"';
const RFC9989_V = 'RFC 9989 §4.7: the v value is case-sensitive and v must be the first tag, else the record is ignored';
const RFC9989_GRAMMAR = 'RFC 9989 §4.8: a part that is no tag=value pair is a syntax error receivers drop; mail-dmarc repairs it (it splits tags at "=", ":" or "-")';
const NO_ADDRESS = 'a mailto: URI without an address reaches nobody';

const VECTORS: readonly Vector[] = [
  // checkdmarc: testDMARCMixedFormatting — white space and case are free, except in "DMARC1".
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'v=DMARC1;p=ReJect', peer: 'accepts', verdict: 'valid', reads: (r) => expect(r.p).toBe('reject') },
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'v = DMARC1;p=reject;', peer: 'accepts', verdict: 'valid' },
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'v = DMARC1\t;\tp=reject\t;', peer: 'accepts', verdict: 'valid' },
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'v = DMARC1\t;\tp\t\t\t=\t\t\treject\t;', peer: 'accepts', verdict: 'valid', reads: (r) => expect(r.p).toBe('reject') },
  { source: `${CHECKDMARC} testDMARCMixedFormatting`, record: 'V=DMARC1;p=reject;', peer: 'accepts', verdict: 'valid' },
  // checkdmarc: testInvalidDMARCURI
  { source: `${CHECKDMARC} testInvalidDMARCURI`, record: 'v=DMARC1; p=none; rua=reports@dmarc.cyber.dhs.gov,mailto:dmarcreports@usdoj.gov', peer: 'refuses', verdict: 'invalid', says: /^rua: report addresses are URIs: write "mailto:reports@dmarc\.cyber\.dhs\.gov"/, reads: (r) => expect(r.rua.map((u) => u.address)).toEqual(['dmarcreports@usdoj.gov']) },
  { source: `${CHECKDMARC} testInvalidDMARCURI`, record: 'v=DMARC1; p=none; rua=__mailto:reports@dmarc.cyber.dhs.gov,mailto:dmarcreports@usdoj.gov', peer: 'refuses', verdict: 'invalid', says: /^rua: expected a mailto: URI .*got "__mailto:reports@dmarc\.cyber\.dhs\.gov"/ },
  { source: `${CHECKDMARC} testDMARCInvalidReportURI`, record: 'v=DMARC1; p=none; rua=not_a_valid_uri', peer: 'refuses', verdict: 'invalid', says: /^rua: expected a mailto: URI/ },
  // checkdmarc: policy values
  { source: `${CHECKDMARC} testInvalidDMARCPolicyValue`, record: 'v=DMARC1; p=foo; rua=mailto:dmarc@example.com', peer: 'refuses', verdict: 'invalid', says: /^p: expected none\|quarantine\|reject, got "foo"$/ },
  { source: `${CHECKDMARC} testDMARCInvalidSpValue`, record: 'v=DMARC1; p=reject; sp=invalid', peer: 'refuses', verdict: 'invalid', says: /^sp: expected none\|quarantine\|reject/ },
  { source: `${CHECKDMARC} testRFC9989InvalidNpValue`, record: 'v=DMARC1; p=reject; np=invalid', peer: 'refuses', verdict: 'invalid', says: /^np: expected none\|quarantine\|reject/ },
  { source: `${CHECKDMARC} testRFC9989InvalidPsdValue`, record: 'v=DMARC1; p=reject; psd=x', peer: 'refuses', verdict: 'invalid', says: /^psd: expected y\|n\|u, got "x"$/ },
  { source: `${CHECKDMARC} testRFC9989InvalidTValue`, record: 'v=DMARC1; p=reject; t=x', peer: 'refuses', verdict: 'invalid', says: /^t: expected y\|n, got "x"$/ },
  { source: `${CHECKDMARC} testDMARCSyntaxError`, record: 'v=DMARC1; p=reject; fo=invalid_value; ruf=mailto:f@example.com', peer: 'refuses', verdict: 'invalid', says: /^fo: expected a colon-separated list/ },
  { source: `${CHECKDMARC} testDMARCInvalidFoValue`, record: 'v=DMARC1; p=reject; fo=x; ruf=mailto:f@example.com', peer: 'refuses', verdict: 'invalid', says: /^fo: expected a colon-separated list/ },
  // checkdmarc: the RFC 9989 tags
  { source: `${CHECKDMARC} testRFC9989NewTagNp`, record: 'v=DMARC1; p=reject; np=quarantine', peer: 'accepts', verdict: 'valid', reads: (r) => expect(r.np).toBe('quarantine') },
  { source: `${CHECKDMARC} testRFC9989NewTagPsd`, record: 'v=DMARC1; p=reject; psd=n', peer: 'accepts', verdict: 'valid', reads: (r) => expect(r.psd).toBe('n') },
  { source: `${CHECKDMARC} testRFC9989NewTagT`, record: 'v=DMARC1; p=reject; t=y', peer: 'accepts', verdict: 'valid', reads: (r) => expect(r.testing).toBe(true) },
  { source: `${CHECKDMARC} testRFC9989NpDefaultsToSp`, record: 'v=DMARC1; p=reject; sp=quarantine', peer: 'accepts', verdict: 'valid', reads: (r) => expect([r.np, policyFor(r, 'np')]).toEqual([undefined, 'quarantine']) },
  { source: `${CHECKDMARC} testRFC9989NpDefaultsToP`, record: 'v=DMARC1; p=reject', peer: 'accepts', verdict: 'valid', reads: (r) => expect(policyFor(r, 'np')).toBe('reject') },
  { source: `${CHECKDMARC} testRFC9989PsdDefaultsToU / TDefaultsToN / RemovedTagImplicitNoWarning`, record: 'v=DMARC1; p=reject', peer: 'accepts', verdict: 'valid', reads: (r) => expect([r.psd, r.testing, r.adkim, r.aspf]).toEqual(['u', false, 'r', 'r']) },
  // checkdmarc: removed tags warn, whatever their value (checkdmarc 5.16: "no longer strictly validated").
  { source: `${CHECKDMARC} testRFC9989PctRemovedWarning`, record: 'v=DMARC1; p=reject; pct=100', peer: 'warns', verdict: 'warns', says: /^pct: removed by RFC 9989: .*test mode/ },
  { source: `${CHECKDMARC} testRFC9989RfRemovedWarning`, record: 'v=DMARC1; p=reject; rf=afrf', peer: 'warns', verdict: 'warns', says: /^rf: removed by RFC 9989/ },
  { source: `${CHECKDMARC} testRFC9989RiRemovedWarning`, record: 'v=DMARC1; p=reject; ri=3600', peer: 'warns', verdict: 'warns', says: /^ri: removed by RFC 9989/ },
  { source: `${CHECKDMARC} testDMARCPctRemovedNotValidated`, record: 'v=DMARC1; p=reject; pct=0', peer: 'warns', verdict: 'warns', says: /^pct: removed by RFC 9989/ },
  {
    source: `${CHECKDMARC} testDMARCPctRemovedNotValidated`,
    record: 'v=DMARC1; p=reject; pct=150',
    peer: 'warns',
    verdict: 'warns',
    says: /^pct: removed by RFC 9989, and the value is invalid under RFC 7489 too \(must be an integer between 0 and 100 inclusive, got "150"\): receivers that follow RFC 9989 ignore the tag, RFC 7489 receivers use pct=100 instead, but OpenDMARC rejects the whole record \(dmarc=permerror, no policy applied\); remove it \(for a test phase use test mode, t=y\)$/,
    reads: (r) => expect(appliedPolicy(r, 'self')).toMatchObject({ applies: true, policy: 'reject', effective: 'reject' }),
  },
  { source: `${CHECKDMARC} testDMARCPctRemovedNotValidated`, record: 'v=DMARC1; p=reject; pct=-1', peer: 'warns', verdict: 'warns', says: /^pct: removed by RFC 9989, and the value is invalid/ },
  { source: `${CHECKDMARC} testDMARCPctRemovedNotValidated`, record: 'v=DMARC1; p=reject; pct=abc', peer: 'warns', verdict: 'warns', says: /^pct: removed by RFC 9989, and the value is invalid/ },
  { source: `${CHECKDMARC} testDMARCRiRemovedNotValidated`, record: 'v=DMARC1; p=reject; ri=abc', peer: 'warns', verdict: 'warns', says: /^ri: removed by RFC 9989, and the value is invalid under RFC 7489 too \(must be a whole number of seconds, got "abc"\): .*use ri=86400 instead/ },
  { source: `${CHECKDMARC} testDMARCRfRemovedNotValidated`, record: 'v=DMARC1; p=reject; rf=invalid', peer: 'warns', verdict: 'warns', says: /^rf: removed by RFC 9989/ },
  { source: `${CHECKDMARC} testRFC9989BackwardCompatibility`, record: 'v=DMARC1; p=none; sp=none; fo=1; pct=50; adkim=r; aspf=r; rf=afrf; ri=86400; rua=mailto:eits.dmarcrua@energy.gov; ruf=mailto:eits.dmarcruf@energy.gov', peer: 'warns', verdict: 'warns', reads: (r) => expect(r.warnings.map((w) => w.split(':')[0])).toEqual(['pct', 'rf', 'ri']) },
  // checkdmarc: missing p, order, unknown tags, duplicates, grammar
  { source: `${CHECKDMARC} testRFC9989MissingPTagWarning`, record: 'v=DMARC1; rua=mailto:dmarc@example.com', peer: 'warns', verdict: 'warns', says: /^p: missing: receivers treat the record as p=none/, reads: (r) => expect(appliedPolicy(r, 'self')).toMatchObject({ applies: true, policy: 'none' }) },
  { source: `${CHECKDMARC} testDMARCPTagPositionWarns`, record: 'v=DMARC1; sp=none; p=reject', peer: 'warns', verdict: 'warns', says: /^p: not the second tag/, reads: (r) => expect(r.p).toBe('reject') },
  { source: `${CHECKDMARC} testDMARCUnknownTagIgnored`, record: 'v=DMARC1; p=reject; xyz=foo', peer: 'warns', verdict: 'warns', says: /^xyz: unknown tag, ignored \(RFC 9989 §4\.7\)$/ },
  { source: `${CHECKDMARC} testDMARCDuplicateTags`, record: 'v=DMARC1; p=reject; p=none', peer: 'refuses', verdict: 'invalid', says: /^tag "p" appears twice$/, reads: (r) => expect(r.p).toBe('reject') },
  { source: `${CHECKDMARC} testDMARCGrammarSyntaxError`, record: 'v=DMARC1; p', peer: 'refuses', verdict: 'invalid', says: /^"p" is not a tag=value pair$/ },
  { source: `${CHECKDMARC} testDMARCSPFInDMARC`, record: 'v=spf1 include:example.com -all', peer: 'not DMARC', verdict: 'not DMARC' },
  { source: `${CHECKDMARC} testDMARCFoRedundancy`, record: 'v=DMARC1; p=reject; fo=0:1; ruf=mailto:f@example.com', peer: 'warns', verdict: 'invalid', says: /^fo: "0" and "1" exclude each other/, differs: `${RFC9989_FO} (checkdmarc warns "redundant")` },
  { source: `${CHECKDMARC} testRuaSizeLimitWarning`, record: 'v=DMARC1; p=reject; rua=mailto:dmarc@example.com!10m', peer: 'warns', verdict: 'warns', says: /^rua: the size limit "!10m" is obsolete \(RFC 9989 §4\.8\)/ },
  { source: `${CHECKDMARC} testRufBranchesCovered`, record: 'v=DMARC1; p=reject; rua=mailto:dmarc@example.com; ruf=mailto:forensic@elsewhere.com!5m', peer: 'warns', verdict: 'warns', says: /^ruf: the size limit "!5m" is obsolete/ },
  { source: `${CHECKDMARC} testDMARCRecordStartsWithWhitespace`, record: ' v=DMARC1; p=reject', peer: 'refuses', verdict: 'warns', says: /^record starts with white space/, differs: 'RFC 9989 §4.10 only asks that the record start with v=DMARC1; common receivers trim, so a warning, not checkdmarc\'s error' },
  { source: `${CHECKDMARC} testDMARCSpNoneWarning`, record: 'v=DMARC1; p=reject; sp=none', peer: 'warns', verdict: 'valid', differs: 'checkdmarc warns as best practice; RFC 9989 allows it and the summary flags a loosened sp in a plan' },
  { source: `${CHECKDMARC} testDMARCMissingRuaWarning`, record: 'v=DMARC1; p=reject', peer: 'warns', verdict: 'valid', differs: 'checkdmarc warns as best practice; verify states "no aggregate reports (rua)" in its reason instead' },
  { source: `${CHECKDMARC} testManyRuaUrisWarning`, record: 'v=DMARC1; p=reject; rua=mailto:dmarc0@example.com,mailto:dmarc1@example.com,mailto:dmarc2@example.com', peer: 'warns', verdict: 'valid', differs: 'checkdmarc warns on more than two URIs as best practice; no RFC limits them' },

  // OpenDMARC: test_dmarc_parse.c, cases 1–19 (DMARC_PARSE_OKAY and the DMARC_PARSE_ERROR_* codes)
  { source: `${OPENDMARC}/test_dmarc_parse.c #1`, record: 'v=DMARC1; p=none; rf=afrf; rua=mailto:dmarc-a@abuse.net; ruf=mailto:dmarc-f@abuse.net', peer: 'accepts', verdict: 'warns', says: /^rf: removed by RFC 9989/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #2`, record: 'v=DMARC1; p=none;', peer: 'accepts', verdict: 'valid' },
  { source: `${OPENDMARC}/test_dmarc_parse.c #3`, record: 'v=DMARC1; p=reject;', peer: 'accepts', verdict: 'valid' },
  { source: `${OPENDMARC}/test_dmarc_parse.c #4`, record: 'v=DMARC1; p=quarantine;', peer: 'accepts', verdict: 'valid' },
  { source: `${OPENDMARC}/test_dmarc_parse.c #5`, record: 'v=DMARC1; p=n;', peer: 'accepts', verdict: 'invalid', says: /^p: expected none\|quarantine\|reject, got "n"$/, differs: `${RFC9989_REQUEST} (OpenDMARC reads the first letter)` },
  { source: `${OPENDMARC}/test_dmarc_parse.c #6 (ERROR_EMPTY)`, record: '', peer: 'not DMARC', verdict: 'not DMARC', reads: (r) => expect(r.errors).toEqual(['record is empty']) },
  { source: `${OPENDMARC}/test_dmarc_parse.c #7 (ERROR_BAD_VERSION)`, record: 'V=BOB', peer: 'not DMARC', verdict: 'not DMARC', reads: (r) => expect(r.errors).toEqual(['record does not start with "v=DMARC1"']) },
  { source: `${OPENDMARC}/test_dmarc_parse.c #8 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=bob;', peer: 'refuses', verdict: 'invalid', says: /^p: expected/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #9 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; sp=bob;', peer: 'refuses', verdict: 'invalid', says: /^sp: expected/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #10 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; adkim=bob;', peer: 'refuses', verdict: 'invalid', says: /^adkim: expected r\|s/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #11 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; aspf=bob;', peer: 'refuses', verdict: 'invalid', says: /^aspf: expected r\|s/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #12 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; rf=bob;', peer: 'refuses', verdict: 'warns', says: /^rf: removed by RFC 9989: /, differs: RFC9989_REMOVED_KEYWORD },
  { source: `${OPENDMARC}/test_dmarc_parse.c #13 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; ri=bob;', peer: 'refuses', verdict: 'warns', says: /^ri: removed by RFC 9989, and the value is invalid .*OpenDMARC rejects the whole record/, differs: RFC9989_REMOVED },
  { source: `${OPENDMARC}/test_dmarc_parse.c #14 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; pct=500;', peer: 'refuses', verdict: 'warns', says: /^pct: removed by RFC 9989, and the value is invalid under RFC 7489 too \(must be an integer between 0 and 100/, differs: RFC9989_REMOVED },
  { source: `${OPENDMARC}/test_dmarc_parse.c #15 (ERROR_NO_REQUIRED_P)`, record: 'v=DMARC1; pct=100;', peer: 'refuses', verdict: 'invalid', says: /^p: missing, and no valid "rua" either: receivers apply no DMARC policy at all/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #16`, record: 'v=DMARC1; p=none; rua=ftp://abuse.com', peer: 'accepts', verdict: 'warns', says: /^rua: receivers send reports only to mailto: URIs \(RFC 9989 §4\.7: .*\), so no report reaches "ftp:\/\/abuse\.com"$/ },
  { source: `${OPENDMARC}/test_dmarc_parse.c #17`, record: 'v=DMARC1; p=none; ruf=mailto://abuse.com', peer: 'accepts', verdict: 'invalid', says: /^ruf: expected "mailto:local@domain"/, differs: NO_ADDRESS },
  { source: `${OPENDMARC}/test_dmarc_parse.c #18`, record: 'v=DMARC1; p=none; ruf=mailto://abuse.com; foo=bar; buzz=happy;', peer: 'accepts', verdict: 'invalid', reads: (r) => expect(r.warnings).toEqual(['foo: unknown tag, ignored (RFC 9989 §4.7)', 'buzz: unknown tag, ignored (RFC 9989 §4.7)']), differs: `the ruf of #17 (${NO_ADDRESS}); the unknown tags alone only warn` },
  { source: `${OPENDMARC}/test_dmarc_parse.c #19 (ERROR_BAD_VALUE)`, record: 'v=DMARC1; p=none; rf=000000000000000000000000000000000', peer: 'refuses', verdict: 'warns', says: /^rf: removed by RFC 9989, and the value is invalid under RFC 7489 too \(expected a colon list of report formats/, differs: RFC9989_REMOVED },
  { source: `${OPENDMARC}/test_parse_to_buf.c`, record: 'v=DMARC1; p=none; rf=afrf; fo=1:s rua=mailto:dmarc-a@abuse.net; ruf=mailto:dmarc-f@abuse.net', peer: 'accepts', verdict: 'invalid', says: /^fo: expected a colon-separated list .*got "1:s rua=mailto:dmarc-a@abuse\.net"$/, reads: (r) => expect(r.rua).toEqual([]), differs: 'the missing ";" makes "rua=…" part of the fo value: receivers following the grammar drop fo and never see that rua' },
  { source: `${OPENDMARC}/test_dmarc_fetch.c`, record: 'v=DMARC1; p=none; sp=none; adkim=s; aspf=s; pct=50; ri=300; rf=afrf; rua=mailto:dmarc-a@abuse.net; ruf=mailto:dmarc-f@abuse.net', peer: 'accepts', verdict: 'warns', reads: (r) => expect([r.tags.pct, r.adkim, r.aspf]).toEqual(['50', 's', 's']) },

  // mail-dmarc t/01.Policy.t test_parse and test_is_valid
  { source: `${MAIL_DMARC} test_parse`, record: 'v=DMARC1; p=reject; rua=mailto:dmarc@example.co; pct=90', peer: 'accepts', verdict: 'warns', reads: (r) => expect([r.p, r.tags.pct, r.rua[0]?.uri]).toEqual(['reject', '90', 'mailto:dmarc@example.co']) },
  { source: `${MAIL_DMARC} test_parse (warns of invalid format)`, record: 'v=DMARC1;p=reject;rua=mailto:dmarc-feedback@theartfarm.com;pct=;ruf=mailto:dmarc-feedback@theartfarm.com', peer: 'warns', verdict: 'invalid', says: /^pct: has no value$/, differs: 'RFC 9989 §4.8 dmarc-tag needs a value; mail-dmarc drops the tag with a warning, we call the record invalid as for any empty tag' },
  { source: `${MAIL_DMARC} test_parse (with location)`, record: 'domain=tnpi.net;v=DMARC1;p=reject;rua=mailto:dmarc-feedback@theartfarm.com', peer: 'accepts', verdict: 'not DMARC', differs: `${RFC9989_V} (mail-dmarc prefixes its own domain= when it stores records)` },
  { source: `${MAIL_DMARC} test_is_valid 1.4.1 (meaningless)`, record: 'v=DMARC1', peer: 'refuses', verdict: 'invalid', says: /^p: missing, and no valid "rua" either/ },
  { source: `${MAIL_DMARC} test_is_valid 1.4.2 (smallest record)`, record: 'v=DMARC1; p=reject', peer: 'accepts', verdict: 'valid' },
  { source: `${MAIL_DMARC} test_is_valid 1.4.3 (extra backslashes)`, record: 'v=DMARC1\\; p=reject\\;', peer: 'accepts', verdict: 'not DMARC', differs: `${RFC9989_V}: a backslash that reached the TXT data is part of the value "DMARC1\\"` },
  { source: `${MAIL_DMARC} test_is_valid 1.4.4 (unknown tag)`, record: 'v=DMARC1; p=reject; newtag=unknown', peer: 'accepts', verdict: 'warns', says: /^newtag: unknown tag, ignored/ },
  { source: `${MAIL_DMARC} test_is_valid 1.4.5 (bogus p)`, record: 'v=DMARC1; p=bogus', peer: 'refuses', verdict: 'invalid' },
  {
    source: `${MAIL_DMARC} test_is_valid 9.6 (missing p, invalid rua)`,
    record: 'v=DMARC1; rua=ftp://www.example.com',
    peer: 'refuses',
    verdict: 'warns',
    says: /^p: missing: receivers treat the record as p=none/,
    reads: (r) => expect([appliedPolicy(r, 'self'), r.rua, r.ruaOtherSchemes]).toEqual([expect.objectContaining({ applies: true, policy: 'none' }), [], ['ftp://www.example.com']]),
    differs: 'RFC 9989 §4.10.1: a rua with one syntactically valid URI, of any scheme, makes a record without p count as p=none; mail-dmarc knows mailto: URIs only (verify warns that no report arrives)',
  },
  { source: `${MAIL_DMARC} test_is_valid 9.6 (implicit p=none with rua)`, record: 'v=DMARC1; rua=mailto:test@example.com', peer: 'accepts', verdict: 'warns', says: /^p: missing: receivers treat the record as p=none/ },
  { source: `${MAIL_DMARC} test_is_valid (psd=y without p)`, record: 'v=DMARC1; psd=y', peer: 'accepts', verdict: 'invalid', says: /^p: missing, and no valid "rua" either/, differs: 'RFC 9989 §4.10.1: a record without a valid p and without a valid rua gets no DMARC processing, a PSD record too' },
  { source: `${MAIL_DMARC} test_is_valid (np=reject psd=n)`, record: 'v=DMARC1; p=none; np=reject; psd=n', peer: 'accepts', verdict: 'valid' },
  { source: `${MAIL_DMARC} test_is_valid (np=bogus)`, record: 'v=DMARC1; p=none; np=bogus', peer: 'refuses', verdict: 'invalid' },
  // mail-dmarc handles_common_record_errors: records seen in the wild (its `domain=` prefix removed), which its
  // lenient parse repairs and is_valid accepts (the suite asserts `ok($pol->is_valid())`). We say what is wrong, with a
  // hint where the typo is plain.
  { source: `${MAIL_DMARC} __DATA__ accuquote.com`, record: 'v=DMARC1;p=none;fo:0;adkim=r;aspf=r;sp=none;rua=mailto:accu_postmaster@accuquote.com', peer: 'accepts', verdict: 'invalid', says: /^"fo:0" is not a tag=value pair \(did you mean "fo=0"\?\)$/, differs: RFC9989_GRAMMAR },
  { source: `${MAIL_DMARC} __DATA__ targetselect.net`, record: 'v=DMARC1;p=none;rua=mailto:postmaster@targetselect.net;ruf=mailto:postmaster@targetselect.net;adkim=r;aspf=r;pct=100;rf:afrf;ri=86400;sp=none', peer: 'accepts', verdict: 'invalid', says: /^"rf:afrf" is not a tag=value pair \(did you mean "rf=afrf"\?\)$/, differs: RFC9989_GRAMMAR },
  { source: `${MAIL_DMARC} __DATA__ teogenes.com.br`, record: 'v=DMARC1;p=quarantine;rua=mailto:retorno@teogenes.com.br;fo:1:d;adkim=r;aspf=r;rf=afrf;sp=quarantine', peer: 'accepts', verdict: 'invalid', says: /^"fo:1:d" is not a tag=value pair \(did you mean "fo=1:d"\?\)$/, differs: RFC9989_GRAMMAR },
  { source: `${MAIL_DMARC} __DATA__ brightworksgroup.net`, record: 'v=DMARC1;p=none;0;adkim=r;aspf=r', peer: 'accepts', verdict: 'invalid', says: /^"0" is not a tag=value pair$/, differs: `${RFC9989_GRAMMAR}; mail-dmarc drops ";0;" on purpose` },
  { source: `${MAIL_DMARC} __DATA__ theluxurycloset.info`, record: 'v=DMARC1;p=reject;adkim=s;aspf=r;rf=afrf;;pct=100', peer: 'accepts', verdict: 'warns', reads: (r) => expect(r.adkim).toBe('s') },
  { source: `${MAIL_DMARC} __DATA__ cmnet.org`, record: 'v=DMARC1;p=none;sp=none;rua=mailto:postmaster@cmnet.org!10m;;pct=100;ri=86400', peer: 'accepts', verdict: 'warns', says: /^rua: the size limit "!10m" is obsolete/ },
  { source: `${MAIL_DMARC} __DATA__ coachingcompass.com`, record: 'v=DMARC1;p=quarantine;rua=mailto:dan@darau.com;ruf=mailto:dan@darau.com;1:d:s;adkim=r;aspf=r;rf=afrf;sp=quarantine', peer: 'accepts', verdict: 'invalid', says: /^"1:d:s" is not a tag=value pair$/, differs: RFC9989_GRAMMAR },
  { source: `${MAIL_DMARC} __DATA__ genetex.com`, record: 'v=DMARC1;p=none;sp-none;rua=mailto:postmaster@genetex.com!1m;ruf=mailto:postmaster@genetex.com!1m;rf=afrf;pct=100;ri=86400', peer: 'accepts', verdict: 'invalid', says: /^"sp-none" is not a tag=value pair \(did you mean "sp=none"\?\)$/, differs: RFC9989_GRAMMAR },
];

/**
 * Records of mail-dmarc's "unhandled errors" comment (kept out of its __DATA__, so the suite asserts nothing about
 * them): ours alone, no peer verdict to compare.
 */
const OWN_VECTORS: readonly Omit<Vector, 'peer'>[] = [
  { source: `${MAIL_DMARC} unhandled errors (caasco.ca)`, record: 'v=DMARC1;p=none;sp=none;rua=mailto:dmarc_agg@auth.returnpath.net;ruf=mailto:dmarc_afrf@auth.returnpath.net;rf=afrf;pct100', verdict: 'invalid', says: /^"pct100" is not a tag=value pair$/ },
  { source: `${MAIL_DMARC} unhandled errors (edm.groceryrun.com.au)`, record: 'v=dmarc1;p=none;rua=mailto:dmarc_feedback@inxmail.de&amp;lt;dmarc_feedback@inxmail.de&amp;gt', verdict: 'not DMARC' },
  { source: `${MAIL_DMARC} unhandled errors (reply.myphotobook.de)`, record: 'v=DMARC1;p=reject;adkim=s;aspf=r;rf\ufffdrf;pct0', verdict: 'invalid', says: /^"rf\ufffdrf" is not a tag=value pair$/ },
  { source: `${MAIL_DMARC} unhandled errors (email.ex.kbhmaui.com)`, record: 'v=DMARC1;p=none;rua=mailto:dmarc-reports@email.ex.kbhmaui.com;pct=100;\u201d', verdict: 'invalid', says: /^"\u201d" is not a tag=value pair$/ },
];

/**
 * mail-dmarc t/01.Policy.t test_setter_values: the values each setter accepts (%good_vals) and refuses (%bad_vals).
 * Setters build a policy, so they are compared with our builder (`buildDmarc`, the config's rules) where it has the
 * key, and with the parser (what verify says of a record holding the value) everywhere.
 */
const SETTER_RECORD = (tag: string, value: string) =>
  tag === 'p' ? `v=DMARC1; p=${value}` : tag === 'v' ? `v=${value}; p=none` : tag === 'fo' ? `v=DMARC1; p=none; fo=${value}; ruf=mailto:f@example.com` : `v=DMARC1; p=none; ${tag}=${value}`;
const SETTER_GOOD: Record<string, string[]> = {
  p: ['none', 'reject', 'quarantine', 'NONE', 'REJEcT', 'Quarantine'],
  v: ['DMARC1', 'dmarc1'],
  sp: ['none', 'reject', 'quarantine', 'NoNe', 'REjEcT', 'QuarAntine'],
  np: ['none', 'reject', 'quarantine', 'None', 'Reject', 'Quarantine'],
  psd: ['y', 'n', 'u', 'Y', 'N', 'U'],
  t: ['y', 'n', 'Y', 'N'],
  adkim: ['r', 's', 'R', 'S'],
  aspf: ['r', 's', 'R', 'S'],
  fo: ['0', '1', 'd', 's', 'D', 'S', '0:d', '0:1:d:s'],
  rua: ['mailto:dmarc-feed@example.com!10m', 'http://example.com/pub/dmarc!30m'],
  ruf: ['https://example.com/dmarc?report!1m'],
  rf: ['iodef', 'afrf', 'IODEF', 'AFRF'],
  ri: ['0', '1', '1000', '4294967295'],
  pct: ['0', '10', '50', '99', '100'],
};
const SETTER_BAD: Record<string, string[]> = {
  v: ['DMARC2'],
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
  rf: ['iodef2', 'rfrf2', 'rfrf'],
  ri: ['-1', 'a', '4294967296'],
  pct: ['-1', 'f', '101', '1.1', '1.0', '5.f1'],
};

/** The builder's option for a setter's tag; none for `v` (always DMARC1) and `t` (a boolean in the config). */
const BUILDER_KEY: Partial<Record<string, keyof DmarcOptions>> = {
  p: 'policy', sp: 'subdomainPolicy', np: 'nonexistentSubdomainPolicy', psd: 'psd', adkim: 'adkim', aspf: 'aspf', fo: 'fo', rua: 'rua', ruf: 'ruf', rf: 'rf', ri: 'ri', pct: 'pct',
};

function builderRefuses(tag: string, value: string): boolean | undefined {
  const key = BUILDER_KEY[tag];
  if (!key) return undefined;
  const problems = new Problems();
  buildDmarc({ [key]: key === 'rua' || key === 'ruf' ? [value] : value } as DmarcOptions, problems);
  return problems.hasErrors;
}

/** Where a setter value is judged differently from mail-dmarc, on purpose: by the parser (`read`) or the builder (`build`). */
const SETTER_DIFFERS: Record<string, { readonly read?: string; readonly build?: string }> = {
  'good v=dmarc1': { read: RFC9989_V },
  'good fo=0:1:d:s': { read: RFC9989_FO, build: RFC9989_FO },
  'good rua=http://example.com/pub/dmarc!30m': { build: RFC9989_URI_SCHEME },
  'good ruf=https://example.com/dmarc?report!1m': { build: RFC9989_URI_SCHEME },
  'bad rua=ftp://example.com/pub': { read: RFC9989_URI_SCHEME },
  'bad rua=torrent://piratebay.net/dmarc': { read: RFC9989_URI_SCHEME },
  'bad ruf=mail:msimerson@cnap.org': { read: `${RFC9989_URI_SCHEME}; "mail:" is a well-formed scheme, though surely a typo` },
  ...Object.fromEntries(['iodef2', 'rfrf2', 'rfrf'].map((v) => [`bad rf=${v}`, { read: RFC9989_REMOVED_KEYWORD, build: RFC9989_REMOVED_KEYWORD }])),
  ...Object.fromEntries(['-1', 'a', '4294967296'].map((v) => [`bad ri=${v}`, { read: RFC9989_REMOVED }])),
  ...Object.fromEntries(['-1', 'f', '101', '1.1', '1.0', '5.f1'].map((v) => [`bad pct=${v}`, { read: RFC9989_REMOVED }])),
};

interface SetterCase {
  readonly name: string;
  readonly record: string;
  readonly bad: boolean;
  readonly read: Verdict;
  readonly build?: boolean;
}

const SETTER_CASES: readonly SetterCase[] = [...Object.entries(SETTER_GOOD).map(([tag, values]) => [tag, values, false] as const), ...Object.entries(SETTER_BAD).map(([tag, values]) => [tag, values, true] as const)].flatMap(([tag, values, bad]) =>
  values.map((value) => ({ name: `${bad ? 'bad' : 'good'} ${tag}=${value}`, record: SETTER_RECORD(tag, value), bad, read: verdictOf(SETTER_RECORD(tag, value)), build: builderRefuses(tag, value) })),
);

/** A differing case as docs/dmarc-rollout.md lists it: the record (or setter value) as a code span. */
interface Difference {
  readonly source: string;
  readonly shown: string;
  /** What the suite says, and what we say. */
  readonly peer: string;
  readonly ours: string;
  readonly why: string;
}

/** Every case where we disagree with a suite: what docs/dmarc-rollout.md must list. */
function differences(): Difference[] {
  return [
    ...VECTORS.filter((v) => v.differs).map((v) => ({ source: v.source, shown: v.record, peer: v.peer, ours: v.verdict, why: v.differs! })),
    ...SETTER_CASES.flatMap((c) => {
      const why = SETTER_DIFFERS[c.name];
      const peer = c.bad ? 'refuses' : 'accepts';
      const shown = c.name.split(' ').slice(1).join(' ');
      const source = `${MAIL_DMARC} test_setter_values`;
      return [
        ...(why?.read ? [{ source, shown, peer, ours: `verify: ${c.read}`, why: why.read }] : []),
        ...(why?.build ? [{ source, shown, peer, ours: `builder: ${c.build ? 'refuses' : 'accepts'}`, why: why.build }] : []),
      ];
    }),
  ];
}

describe('DMARC parser against public test vectors', () => {
  test.each(VECTORS.map((v) => [`${v.source}: ${JSON.stringify(v.record)} → ${v.verdict}${v.differs ? ` (the suite: ${v.peer})` : ''}`, v] as const))('%s', (_, vector) => {
    expect(verdictOf(vector.record)).toBe(vector.verdict);
    // A difference is explained exactly when there is one.
    expect(agrees(vector.verdict, vector.peer)).toBe(vector.differs === undefined);
    const record = parseDmarcRecord(vector.record);
    if (vector.says) expect([...record.errors, ...record.warnings]).toContainEqual(expect.stringMatching(vector.says));
    vector.reads?.(record);
  });

  test.each(OWN_VECTORS.map((v) => [`${v.source}: ${JSON.stringify(v.record)} → ${v.verdict}`, v] as const))('%s (no suite verdict)', (_, vector) => {
    expect(verdictOf(vector.record)).toBe(vector.verdict);
    const record = parseDmarcRecord(vector.record);
    if (vector.says) expect([...record.errors, ...record.warnings]).toContainEqual(expect.stringMatching(vector.says));
  });

  test.each(SETTER_CASES.map((c) => [c.name, c] as const))(`${MAIL_DMARC} test_setter_values %s`, (name, c) => {
    const why = SETTER_DIFFERS[name];
    // verify, reading a record with the value: invalid exactly when mail-dmarc's setter refuses it, unless explained.
    expect(c.read === 'invalid' || c.read === 'not DMARC').toBe(why?.read ? !c.bad : c.bad);
    // The builder: refuses exactly when the setter does, unless explained.
    if (c.build !== undefined) expect(c.build).toBe(why?.build ? !c.bad : c.bad);
    else expect(why?.build).toBeUndefined();
  });

  test('every explained setter difference names a case that exists', () => {
    expect(Object.keys(SETTER_DIFFERS).filter((name) => !SETTER_CASES.some((c) => c.name === name))).toEqual([]);
  });

  test('docs/dmarc-rollout.md lists every difference, each record or value as a code span', () => {
    const page = readFileSync(join(REPO_ROOT, 'docs', 'dmarc-rollout.md'), 'utf8');
    const missing = differences().filter((d) => !page.includes(`\`${d.shown}\``));
    expect(missing).toEqual([]);
    expect(differences().length).toBeGreaterThan(20);
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
