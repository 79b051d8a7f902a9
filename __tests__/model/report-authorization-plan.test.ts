/**
 * The planner's quick paths (issue 20: no need object, name or reason for a record it publishes, report addresses read
 * in place, one walk from each sender, one index of zones and records) against the planner as it was written before
 * them: the same records in the same zones, in the same order, and the same warnings at the same paths, for configs
 * of every kind (shared zones, delegated subzones, retired senders and hosts, publishReportAuthorization: false,
 * collectors, psd tags, rua and ruf, names longer than DNS allows).
 */
import fc from 'fast-check';
import { MAX_NAME_LENGTH } from '../../model/names';
import { Problems } from '../../model/problems';
import { AuthorizingCollector, AuthorizingInstitution, HostedAuthorization, planReportAuthorizations, ReportAuthorizationPlan } from '../../model/report-authorization-plan';
import { KnownDmarcRecords, knownOrganizationalDomain, mayReportElsewhere, psdOf, recordOnWalk, reportAddresses, reportAuthorizationNeed } from '../../model/report-authorization';

/** The planner before the quick paths (model/report-authorization-plan.ts at f348ac3), word for word where it could be. */
function referencePlan(institutions: readonly AuthorizingInstitution[], collectors: readonly AuthorizingCollector[], problems: Problems): ReportAuthorizationPlan {
  const hosted: HostedAuthorization[][] = institutions.map(() => []);
  const collected: HostedAuthorization[][] = collectors.map(() => []);
  const text = new Map<string, string>();
  for (const inst of institutions) if (inst.retired !== true) text.set(inst.domain, inst.dmarcRecord);
  const known: KnownDmarcRecords = (domain) => (text.has(domain) ? psdOf(text.get(domain)!) : undefined);
  const byZone = new Map<string, number[]>();
  institutions.forEach((inst, index) => byZone.set(inst.zoneName ?? inst.domain, [...(byZone.get(inst.zoneName ?? inst.domain) ?? []), index]));
  const ranksAbove = (index: number, best: number, reportDomain: string, sender: number): boolean => {
    const [a, b] = [institutions[index]!, institutions[best]!];
    if ((a.domain === reportDomain) !== (b.domain === reportDomain)) return a.domain === reportDomain;
    if ((index === sender) !== (best === sender)) return index === sender;
    return a.code < b.code;
  };
  const hostOf = (reportDomain: string, sender: number): number | undefined => {
    const labels = reportDomain.split('.');
    for (let k = 0; k < labels.length; k++) {
      const candidates = byZone.get(labels.slice(k).join('.'));
      if (candidates) return candidates.reduce((best, c) => (ranksAbove(c, best, reportDomain, sender) ? c : best));
    }
    return undefined;
  };
  const collectorOf = new Map(collectors.map((c, k) => [c.reportDomain, k]));
  const place = (i: number, forget: boolean, reportDomain: string, name: string): string | undefined => {
    if (institutions[i]!.publish === false) return 'dmarc.publishReportAuthorization is false, so this config does not publish it';
    if (name.length > MAX_NAME_LENGTH) {
      return `but that name has ${name.length} characters, more than the ${MAX_NAME_LENGTH} DNS allows: no receiver can be authorised to send reports there; use a report address in your own domain`;
    }
    const authorization: HostedAuthorization = { domain: institutions[i]!.domain, reportDomain, sender: i, forget };
    const collector = collectorOf.get(reportDomain);
    if (collector !== undefined) {
      collected[collector]!.push(authorization);
      return undefined;
    }
    const host = hostOf(reportDomain, i);
    if (host === undefined) return `no zone of this config holds ${reportDomain}: list it under reportAuthorizations (with its zone) to publish the record from here`;
    hosted[host]!.push(authorization);
    if (!institutions[host]!.retired) return undefined;
    return `the zone that holds ${reportDomain} is that of institution ${institutions[host]!.code}, which is retired: its records, this one too, are no longer managed`;
  };
  institutions.forEach((sender, i) => {
    if (sender.retired === true) return;
    const forget = sender.retired === 'forget';
    const addresses = reportAddresses(sender.dmarc);
    addresses.forEach(({ reportDomain }, k) => {
      if (reportDomain === sender.domain || addresses.slice(0, k).some((a) => a.reportDomain === reportDomain)) return;
      const need = reportAuthorizationNeed(sender.domain, reportDomain, known);
      if (!need) return;
      const advice = place(i, forget, reportDomain, need.name);
      if (advice === undefined || forget) return;
      for (const a of addresses.slice(k)) if (a.reportDomain === reportDomain) problems.at('institutions').at(i).at('dmarc').at(a.list).at(a.index).warn(`${need.reason}; ${advice}`);
    });
  });
  collectors.forEach((c, k) => {
    if (!collected[k]!.some((a) => !a.forget)) problems.at('reportAuthorizations').at(k).warn(`no report address of the config in ${c.reportDomain} needs an authorisation record: this stack publishes none`);
  });
  return { institutions: hosted, collectors: collected };
}

// A few names that nest in every way: apexes, subdomains, siblings, a two-label public suffix, names of 8 labels and
// more (the tree walk cuts those), one long enough that an authorisation name outgrows DNS, and one outside everything.
const long = `${'l'.repeat(60)}.${'m'.repeat(60)}.${'n'.repeat(60)}.example.org`;
const DOMAINS = [
  'example.org', 'news.example.org', 'shop.example.org', 'a.news.example.org', 'reports.example.org',
  'opera.co.uk', 'tickets.opera.co.uk', 'co.uk', 'corp.test', 'unit.corp.test', 'b.unit.corp.test',
  'a.b.c.d.e.f.g.h.example.org', 'c.d.e.f.g.h.example.org', 'h.example.org', 'vendor.net', 'reports.vendor.net', long, `${'v'.repeat(50)}.vendor.net`,
];
const domain = fc.constantFrom(...DOMAINS);
const uri = fc.oneof(
  domain.map((d) => `mailto:dmarc@${d}`),
  domain.map((d) => `mailto:X@${d.toUpperCase()}.`),
  domain.map((d) => `mailto:d@${d}!10m`),
  fc.constantFrom('https://example.org/r', 'mailto:bad@', 'mailto:d@dmarc-vendor.example'),
);
const record = fc.constantFrom('v=DMARC1; p=none', 'v=DMARC1; p=reject; psd=n', 'v=DMARC1; p=none; psd=y', 'v=DMARC1; p=none; psd=u', 'v=DMARC1; p=none; rua=mailto:psd@example.org');
const institution = fc.record(
  {
    domain,
    zoneName: domain,
    retired: fc.constantFrom<boolean | 'forget'>(true, false, 'forget'),
    publish: fc.constantFrom(true, false),
    dmarc: fc.record({ rua: fc.array(uri, { maxLength: 3 }), ruf: fc.array(uri, { maxLength: 2 }) }, { requiredKeys: [] }),
    dmarcRecord: record,
  },
  { requiredKeys: ['domain', 'dmarc', 'dmarcRecord'] },
);
// Domains are unique in a config (checkAcrossInstitutions refuses two institutions with one); codes too.
const config = fc.tuple(
  fc.uniqueArray(institution, { selector: (i) => i.domain, maxLength: 8 }).map((list) => list.map((inst, k): AuthorizingInstitution => ({ code: `c${(k * 7) % 10}${k}`, ...inst }))),
  fc.uniqueArray(domain, { maxLength: 2 }).map((list) => list.map((reportDomain): AuthorizingCollector => ({ reportDomain }))),
);

function run(planner: typeof planReportAuthorizations, institutions: AuthorizingInstitution[], collectors: AuthorizingCollector[]) {
  const problems = new Problems();
  const plan = planner(institutions, collectors, problems);
  return { institutions: plan.institutions.map((l) => [...l]), collectors: plan.collectors.map((l) => [...l]), problems: problems.all };
}

describe('planReportAuthorizations gives what the planner before the quick paths gave (property)', () => {
  test('same records in the same zones and order, same warnings at the same paths and in the same order', () => {
    fc.assert(fc.property(config, ([institutions, collectors]) => expect(run(planReportAuthorizations, institutions, collectors)).toEqual(run(referencePlan, institutions, collectors))), { numRuns: 3000 });
  });

  test('the generator reaches every outcome: published in a zone and by a collector, and each kind of warning', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(config, ([institutions, collectors]) => {
        const r = run(planReportAuthorizations, institutions, collectors);
        if (r.institutions.some((l) => l.length > 0)) seen.add('zone');
        if (r.collectors.some((l) => l.length > 0)) seen.add('collector');
        // The first word of each warning's advice (after its last `; `), or the collector's warning.
        for (const p of r.problems) seen.add(/; ([a-z]+)[^;]*$/.exec(p.message)?.[1] ?? p.message.slice(0, 20));
      }),
      { numRuns: 3000, seed: 20 },
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining(['collector', 'dmarc', 'no', 'no report address of', 'the', 'use', 'zone']));
  });

  test('a planner that drops the retired host\'s advice is told apart (the comparison can fail)', () => {
    const institutions: AuthorizingInstitution[] = [
      { code: 'news', domain: 'news.example.org', dmarc: { rua: ['mailto:d@example.org'] }, dmarcRecord: 'v=DMARC1; p=none' },
      { code: 'old', domain: 'old.example.org', zoneName: 'example.org', retired: true, dmarc: {}, dmarcRecord: 'v=DMARC1; p=none' },
    ];
    const silent: typeof planReportAuthorizations = (i, c) => planReportAuthorizations(i, c, new Problems());
    expect(run(silent, institutions, [])).not.toEqual(run(referencePlan, institutions, []));
    expect(run(planReportAuthorizations, institutions, [])).toEqual(run(referencePlan, institutions, []));
  });

  test('mayReportElsewhere holds for every sender the reference publishes for or warns about', () => {
    fc.assert(
      fc.property(config, ([institutions, collectors]) => {
        const r = run(referencePlan, institutions, collectors);
        const senders = new Set([...r.institutions.flat(), ...r.collectors.flat()].map((a) => a.sender));
        for (const s of senders) expect(mayReportElsewhere(institutions[s]!.dmarc, institutions[s]!.domain)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('recordOnWalk: the quick path past both tree walks', () => {
  test('no record on the walk from the report domain (nor at its parent): no other domain shares its organisation', () => {
    const labels = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 10 });
    const walk = fc.tuple(labels, labels).chain(([x, y]) => {
      const names = [...x.map((_, i) => x.slice(i).join('.')), ...y.map((_, i) => y.slice(i).join('.'))];
      return fc.tuple(fc.constant(x.join('.')), fc.constant(y.join('.')), fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom<'u' | 'n' | 'y'>('u', 'u', 'n', 'y')), { maxLength: 4 }));
    });
    let quick = 0;
    fc.assert(
      fc.property(walk, ([domain, reportDomain, published]) => {
        const byName = new Map(published.map(([name, psd]) => [name, { psd }]));
        const known: KnownDmarcRecords = (name) => byName.get(name);
        if (domain === reportDomain || recordOnWalk(reportDomain, byName)) return;
        quick++;
        expect(knownOrganizationalDomain(reportDomain, known)).toBe(reportDomain);
        expect(knownOrganizationalDomain(domain, known)).not.toBe(reportDomain);
      }),
      { numRuns: 3000 },
    );
    expect(quick).toBeGreaterThan(300);
  });
});
