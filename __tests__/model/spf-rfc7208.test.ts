/**
 * Conformance of the SPF parser (`parseSpfRecord`, RFC 7208 syntax as `verify` reads live records) with the OpenSPF
 * RFC 7208 test suite. Each test case is a check_host() call with an expected result; what it says about the parser
 * is derived from the case itself:
 *
 * - the sender domain has no single SPF record (none, two, a timeout): record selection, not syntax; no assertion;
 * - the suite accepts only results other than permerror: every record the evaluation can reach (the domain's record
 *   and, through include/redirect targets written without macros, the records behind it) must parse;
 * - the suite accepts only permerror: some reachable record must be refused, unless the case is listed in
 *   NOT_SYNTAX below with the reason the permerror has another cause; then every reachable record must parse;
 * - the suite accepts permerror or another result (RFC 7208 leaves the choice open): either parse conforms.
 */
import { isSpfRecord, parseSpfRecord } from '../../model/spf';
import { describeWithSuite, loadSuite, Scenario, SuiteTest, txtAt } from '../helpers/rfc7208-suite';

/** Permerror cases whose records are all valid syntax: the error comes from evaluation. */
const NOT_SYNTAX: Readonly<Record<string, string>> = {
  'include-none': 'the included domain has no SPF record (RFC 7208 §5.2)',
  'redirect-none': 'the redirect target has no SPF record (RFC 7208 §6.1)',
  'redirect-loop': 'processing limit: a redirect to itself exceeds 10 lookups (run through verify in spf-limits-rfc7208.int.test.ts)',
  'include-loop': 'processing limit: an include loop exceeds 10 lookups (verify)',
  'mx-limit': 'processing limit: 11 MX names for one mx (verify)',
  'mech-over-limit': 'processing limit: 11 lookup terms (verify)',
  'include-over-limit': 'processing limit: 11 lookup terms across an include (verify)',
  'void-over-limit': 'processing limit: 3 void lookups (verify)',
};

type Category = 'selection' | 'valid' | 'syntax' | 'not-syntax' | 'either';

interface Case {
  readonly test: SuiteTest;
  readonly category: Category;
  /** Every SPF record reachable from the sender domain, with its name. */
  readonly records: readonly { readonly name: string; readonly record: string }[];
}

function senderDomain(test: SuiteTest): string {
  return (test.mailfrom === '' ? test.helo : test.mailfrom.slice(test.mailfrom.lastIndexOf('@') + 1)).toLowerCase();
}

function spfAt(scenario: Scenario, name: string): string[] | undefined {
  const txt = txtAt(scenario.zone, name);
  if (txt === 'timeout') return undefined;
  return txt.filter(isSpfRecord);
}

/**
 * The records reachable through include and redirect targets written without macros, found with a plain pattern (not
 * with the parser under test). Bounded: the suite's largest chain is a handful of names.
 */
function reachable(scenario: Scenario, domain: string): { name: string; record: string }[] {
  const out: { name: string; record: string }[] = [];
  const queue = [domain];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < 50) {
    const name = queue.shift()!.replace(/\.$/, '');
    if (seen.has(name)) continue;
    seen.add(name);
    const records = spfAt(scenario, name);
    if (records?.length !== 1) continue;
    out.push({ name, record: records[0]! });
    for (const m of records[0]!.matchAll(/(?:^| )[+\-~?]?(?:include:|redirect=)([^ %]+)(?= |$)/gi)) queue.push(m[1]!.toLowerCase());
  }
  return out;
}

function classify(scenario: Scenario, test: SuiteTest): Case {
  const domain = senderDomain(test);
  const own = spfAt(scenario, domain);
  const records = own?.length === 1 ? reachable(scenario, domain) : [];
  const permerror = test.results.includes('permerror');
  let category: Category;
  if (own?.length !== 1) category = 'selection';
  else if (!permerror) category = 'valid';
  else if (test.results.length > 1) category = 'either';
  else category = NOT_SYNTAX[test.id] ? 'not-syntax' : 'syntax';
  return { test, category, records };
}

const cases = loadSuite().flatMap((scenario) => scenario.tests.map((test) => classify(scenario, test)));
const named = (category: Category) => cases.filter((c) => c.category === category).map((c) => [`${c.test.scenario} / ${c.test.id}`, c] as const);

describeWithSuite('SPF parser against the OpenSPF RFC 7208 test suite', () => {
  it('derives a verdict about syntax for most of the suite', () => {
    const count = (category: Category) => cases.filter((c) => c.category === category).length;
    expect(cases.length).toBeGreaterThan(180);
    expect({ valid: count('valid'), syntax: count('syntax'), notSyntax: count('not-syntax') }).toEqual({ valid: expect.any(Number), syntax: expect.any(Number), notSyntax: Object.keys(NOT_SYNTAX).length });
    expect(count('valid') + count('syntax')).toBeGreaterThan(140);
  });

  it.each(named('valid'))('%s: every reachable record parses', (_, c) => {
    for (const { name, record } of c.records) expect({ name, record, errors: parseSpfRecord(record).errors }).toEqual({ name, record, errors: [] });
  });

  it.each(named('syntax'))('%s: a syntax permerror, so some reachable record is refused', (_, c) => {
    const refused = c.records.filter(({ record }) => parseSpfRecord(record).errors.length > 0);
    expect(refused.map((r) => r.name)).not.toEqual([]);
  });

  it.each(named('not-syntax'))('%s: a permerror of evaluation, not syntax; every record parses', (_, c) => {
    expect(NOT_SYNTAX[c.test.id]).toBeDefined();
    for (const { name, record } of c.records) expect({ name, record, errors: parseSpfRecord(record).errors }).toEqual({ name, record, errors: [] });
  });
});
