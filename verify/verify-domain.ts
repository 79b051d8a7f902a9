import { DkimCname, dkimCnames } from '../model/dkim';
import { reportAuthorizationName } from '../model/dmarc';
import { DmarcRecord } from '../model/dmarc-record';
import { SenderProfile } from '../model/sender-profile';
import { CheckResult, CheckStatus, worst } from './check-result';
import { checkDkimSelector } from './checks/dkim-selector';
import { checkDmarcRecord, DmarcContext } from './checks/dmarc-record';
import { checkReportAuthorization, externalReportDomains, reportDomains, reportsOnlyTo } from './checks/dmarc-report-auth';
import { discoverPolicy, organizationalDomain, PolicySource, TreeWalkStep } from '../model/dmarc-tree-walk';
import { DmarcTreeWalk, walkDmarcTree } from './dmarc-tree-walk';
import { checkMx } from './checks/mx-record';
import { checkSpfInclude } from './checks/spf-include';
import { checkSpfLookups } from './checks/spf-lookups';
import { checkSpfRecord } from './checks/spf-record';
import { DnsAnswer, DnsResolver, QueryType } from './resolver';
import { SpfWalk, stepSpfWalk } from './spf-tree';

/** One institution to verify: the sender domain, the code in the DKIM target names, the platform's names. */
export interface VerifyTarget {
  readonly code: string;
  readonly domain: string;
  readonly profile: SenderProfile;
}

export interface InstitutionReport {
  readonly code: string;
  readonly domain: string;
  readonly status: CheckStatus;
  readonly checks: readonly CheckResult[];
}

export interface VerifyOptions {
  /** A platform sending IP to evaluate the SPF record for (`spf.ip`). @default - not evaluated */
  readonly ip?: string;
}

/**
 * Runs every check for one institution. Queries go out in parallel; the checks themselves are pure functions of the
 * answers. Checks that depend on a record that is missing or duplicated are left out, so that one broken record
 * gives one failure with its reason, not a cascade.
 */
export function verifyDomain(target: VerifyTarget, resolver: DnsResolver, options: VerifyOptions = {}): Promise<InstitutionReport> {
  return new Promise((resolve, reject) => new DomainRun(target, resolver, options.ip, resolve, reject).start());
}

/**
 * One institution's checks, driven by its answers as they arrive: each answer callback runs the checks it completes
 * and asks the next queries (the SPF include, the DMARC tree walk's parent), so every branch goes on as soon as its
 * own answers are in, as separate async steps would. It replaced an async function per step (verifyDomain,
 * spfChecks, walkSpf and its terms, dmarcChecks, walkDmarcTree): at 1,000 domains TurboFan compiling those frames
 * cost more than the checks themselves (issue 20). An exception in a check rejects the institution's promise.
 */
class DomainRun {
  // Every field holds its final kind of value from the start (placeholders until the answers come): a field that
  // first gets a value late in a run, or a results array that turns holey, makes V8 throw away optimized code.
  private spf: readonly CheckResult[] = NO_RESULTS;
  private dkim: CheckResult[] = [];
  private dmarc: readonly CheckResult[] = NO_RESULTS;
  private mx: CheckResult = PENDING;
  private mxAnswer: DnsAnswer = PENDING_ANSWER;
  private own: DnsAnswer = PENDING_ANSWER;
  private walk: DmarcTreeWalk;
  /** True while the DMARC checks wait for the MX answer (it tells whether the domain exists). */
  private dmarcWaits = false;
  /** Parts still running: SPF, each DKIM selector, DMARC, MX. */
  private open = 0;

  constructor(
    private readonly target: VerifyTarget,
    private readonly resolver: DnsResolver,
    private readonly ip: string | undefined,
    private readonly resolve: (report: InstitutionReport) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    this.walk = new DmarcTreeWalk(target.domain);
  }

  /** Asks the first queries, in the order the checks were always asked: MX, the domain's TXT, each selector, DMARC. */
  start(): void {
    const { domain, code, profile } = this.target;
    const expected = dkimCnames(domain, code, profile);
    this.open = 3 + expected.length;
    for (let i = 0; i < expected.length; i++) this.dkim.push(PENDING);
    this.ask(domain, 'MX', (answer) => this.gotMx(answer));
    this.ask(domain, 'TXT', (answer) => this.gotSpfRecord(answer));
    for (let i = 0; i < expected.length; i++) this.askDkim(expected[i]!, i);
    this.ask(`_dmarc.${domain}`, 'TXT', (answer) => {
      this.own = answer;
      this.walkDmarc(answer);
    });
  }

  private ask(name: string, type: QueryType, then: (answer: DnsAnswer) => void): void {
    this.resolver.query(name, type).then((answer) => {
      try {
        then(answer);
      } catch (e) {
        this.reject(e);
      }
    }, this.reject);
  }

  private askDkim(expected: DkimCname, i: number): void {
    let cname: DnsAnswer | undefined;
    let key: DnsAnswer | undefined;
    const both = () => {
      if (cname === undefined || key === undefined) return;
      this.dkim[i] = checkDkimSelector(expected, cname, key);
      this.done();
    };
    this.ask(expected.name, 'CNAME', (answer) => {
      cname = answer;
      both();
    });
    this.ask(expected.name, 'TXT', (answer) => {
      key = answer;
      both();
    });
  }

  private gotMx(answer: DnsAnswer): void {
    this.mxAnswer = answer;
    this.mx = checkMx(this.target.domain, answer);
    const waits = this.dmarcWaits;
    this.dmarcWaits = false;
    this.done();
    if (waits) this.dmarcChecks();
  }

  private gotSpfRecord(answer: DnsAnswer): void {
    const { result, record } = checkSpfRecord(this.target.domain, answer);
    if (record === undefined) return this.spfDone([result]);
    this.walkSpf(result, record, new Map());
  }

  /** Runs the SPF walk as far as the answers at hand go, then asks what it needs next (spf-tree.ts). */
  private walkSpf(recordResult: CheckResult, record: string, answers: Map<string, DnsAnswer>): void {
    const step = stepSpfWalk(this.target.domain, record, answers);
    if (!Array.isArray(step)) return this.spfWalked(recordResult, step);
    let waiting = step.length;
    for (let i = 0; i < step.length; i++) {
      const q = step[i]!;
      this.ask(q.name, q.type, (answer) => {
        answers.set(q.key, answer);
        if (--waiting === 0) this.walkSpf(recordResult, record, answers);
      });
    }
  }

  private spfWalked(recordResult: CheckResult, tree: SpfWalk): void {
    const checks = [recordResult, checkSpfInclude(tree, this.target.profile.spfInclude), checkSpfLookups(tree)];
    if (this.ip === undefined) return this.spfDone(checks);
    // Loaded with --ip only (it brings mailauth's adapter): a plain verify never evaluates an IP.
    const { checkSpfIp } = require('./checks/spf-ip') as typeof import('./checks/spf-ip');
    checkSpfIp(this.target.domain, this.ip, this.resolver).then((result) => {
      checks.push(result);
      this.spfDone(checks);
    }, this.reject);
  }

  private spfDone(checks: CheckResult[]): void {
    this.spf = checks;
    this.done();
  }

  /**
   * The RFC 9989 tree walk from the domain, one name at a time, starting from the answer for `_dmarc.<domain>`; then
   * the DMARC checks, once the MX answer is in too.
   */
  private walkDmarc(answer: DnsAnswer): void {
    const { walk } = this;
    walk.add(answer);
    const next = walk.next();
    if (next !== undefined) return this.ask(next, 'TXT', (parent) => this.walkDmarc(parent));
    if (this.mxAnswer === PENDING_ANSWER) this.dmarcWaits = true;
    else this.dmarcChecks();
  }

  /**
   * The DMARC record and the report authorisations. One RFC 9989 tree walk from the domain (reusing the answer for
   * `_dmarc.<domain>`) gives both the policy receivers fall back to when the record is missing and the domain's
   * organizational domain; each report domain gets its own walk, to tell whether it lies outside the organisation.
   * Each walk is at most eight queries. The MX answer tells whether the domain exists (for `np`).
   */
  private dmarcChecks(): void {
    const { domain } = this.target;
    const { steps } = this.walk;
    // The policy discovery is read only when the domain's own record is missing or broken (the reason says which
    // policy applies meanwhile), and the organizational domain only for reports sent elsewhere: a domain with its
    // one record and reports to itself needs neither.
    const context = new DiscoveredPolicy(domain, steps, this.mxAnswer.kind !== 'nxdomain');
    const checked = checkDmarcRecord(domain, this.own, context);
    const { record } = checked;
    // Most records send reports only to the domain itself: nothing to walk or ask, so the rare path below is not entered.
    if (!record || reportsOnlyTo(record, domain)) return this.dmarcDone([checked.result]);
    reportAuthorizationChecks(domain, context.organizationalDomain, record, checked.result, this.resolver).then((checks) => this.dmarcDone(checks), this.reject);
  }

  private dmarcDone(checks: CheckResult[]): void {
    this.dmarc = checks;
    this.done();
  }

  /** One part finished; the last one resolves the institution's report. */
  private done(): void {
    if (--this.open > 0) return;
    const { code, domain } = this.target;
    const checks = this.spf.concat(this.dkim, this.dmarc, this.mx);
    this.resolve({ code, domain, status: worst(checks), checks });
  }
}

/** The DMARC checks' context: {@link discoverPolicy} on the tree walk's steps, run when first read. */
class DiscoveredPolicy implements DmarcContext {
  private discovered?: ReturnType<typeof discoverPolicy>;

  constructor(
    private readonly domain: string,
    readonly steps: readonly TreeWalkStep[],
    readonly exists: boolean,
  ) {}

  get source(): PolicySource | undefined {
    return this.discover().source;
  }

  get organizationalDomain(): string {
    return this.discover().organizationalDomain;
  }

  private discover(): ReturnType<typeof discoverPolicy> {
    return (this.discovered ??= discoverPolicy(this.domain, this.steps));
  }
}

const NO_RESULTS: readonly CheckResult[] = [];
/** Placeholders of the fields above, never in a report (each part replaces its own before the last one ends). */
const PENDING: CheckResult = { id: '', status: 'pass', reason: '' };
const PENDING_ANSWER: DnsAnswer = { kind: 'nodata' };

/** The report domains of `record` other than `domain`: which lie outside its organisation, and whether each authorises the reports. */
async function reportAuthorizationChecks(domain: string, org: string, record: DmarcRecord, recordResult: CheckResult, resolver: DnsResolver): Promise<CheckResult[]> {
  const all = reportDomains(record).filter((d) => d !== domain);
  // A hostile or careless record may list hundreds of domains: each costs a walk, so only the first few are judged.
  const candidates = all.slice(0, MAX_REPORT_DOMAINS);
  const result = all.length > MAX_REPORT_DOMAINS ? tooManyReportDomains(recordResult, all.length) : recordResult;
  const orgs = new Map<string, string>([[domain, org]]);
  await Promise.all(candidates.map(async (d) => orgs.set(d, organizationalDomain(d, await walkDmarcTree(d, resolver)))));
  const external = externalReportDomains(domain, record, (d) => orgs.get(d) ?? d).filter((d) => orgs.has(d));
  const authorizations = await Promise.all(
    external.map(async (reportDomain) => checkReportAuthorization(domain, reportDomain, await resolver.query(reportAuthorizationName(domain, reportDomain), 'TXT'))),
  );
  return [result, ...authorizations];
}

/** Report domains judged per record (each one a tree walk of at most 8 queries and an authorization query). */
export const MAX_REPORT_DOMAINS = 20;

function tooManyReportDomains(result: CheckResult, count: number): CheckResult {
  const note = `${count} report domains: only the first ${MAX_REPORT_DOMAINS} (sorted) are checked for authorization`;
  return { ...result, status: result.status === 'fail' ? 'fail' : 'warn', reason: `${result.reason}; ${note}` };
}
