/**
 * The one parser of aggregate reports: XML text → {@link AggregateReport}, for RFC 7489 Appendix C reports and
 * RFC 9990 reports alike (same element names; RFC 9990 adds a namespace, `np`, `testing`, `discovery_method` and
 * `generator`, and drops `pct`). Whatever is impossible (a period that ends before it begins, a negative or absurd
 * count, an address that is not an IP) refuses the whole report with the field at fault: one bad report never
 * becomes numbers that look right.
 */
import { isIP } from 'node:net';
import { DMARC_POLICIES, DmarcPolicy } from '../../model/dmarc';
import { REPORT_LIMITS, ReportLimits } from '../limits';
import { AggregateReport, DkimResult, DmarcResult, PublishedPolicy, ReportFormat, ReportRecord, SpfResult } from '../report';
import { parseXml, XmlRefused } from './xml';
import { decodeXmlText, ownText } from './xml-text';

/** RFC 9990's namespace; its absence means RFC 7489 Appendix C (which has none, or dmarc.org's draft one). */
export const DMARC_2_NAMESPACE = 'urn:ietf:params:xml:ns:dmarc-2.0';

/** DMARC was published in 2012: a report about mail before that is impossible. */
const EARLIEST = Date.UTC(2012, 0, 1) / 1000;
/** Clocks differ: a period may end up to a day after "now", no more. */
const CLOCK_SKEW = 24 * 3600;

export interface ParseOptions {
  /** "Now" in seconds, for the check that a report does not describe the future. @default the clock */
  readonly now?: number;
  readonly limits?: ReportLimits;
}

export type ParseResult = { readonly report: AggregateReport } | { readonly problem: string };

/** Parses one report; a refusal comes back as `{ problem }`, naming the field and the rule, never as an exception. */
export function parseAggregateReport(xml: string, origin: string, options: ParseOptions = {}): ParseResult {
  const limits = options.limits ?? REPORT_LIMITS;
  try {
    const tree = parseXml(xml, limits);
    if (tree.root !== 'feedback') throw new XmlRefused(`root element is <${tree.root}>, not <feedback>: not a DMARC aggregate report`);
    return { report: toReport(tree.value, origin, formatOf(xml), options.now ?? Date.now() / 1000, limits) };
  } catch (e) {
    if (e instanceof XmlRefused || e instanceof FieldError) return { problem: e.message };
    throw e;
  }
}

function formatOf(xml: string): ReportFormat {
  const start = xml.search(/<([A-Za-z_][\w.-]*:)?feedback[\s>/]/);
  const tag = start < 0 ? '' : xml.slice(start, xml.indexOf('>', start) + 1);
  return tag.includes(DMARC_2_NAMESPACE) ? 'rfc9990' : 'rfc7489';
}

class FieldError extends Error {}

type Node = Record<string, unknown>;

function toReport(root: unknown, origin: string, format: ReportFormat, now: number, limits: ReportLimits): AggregateReport {
  const feedback = node(root, 'feedback');
  const meta = node(feedback.report_metadata, 'report_metadata');
  const range = node(meta.date_range, 'report_metadata.date_range');
  const begin = epoch(range.begin, 'report_metadata.date_range.begin');
  const end = epoch(range.end, 'report_metadata.date_range.end');
  if (end < begin) fail(`report_metadata.date_range: ends (${iso(end)}) before it begins (${iso(begin)})`);
  if (begin < EARLIEST) fail(`report_metadata.date_range.begin: ${iso(begin)} is before DMARC existed (2012)`);
  if (end > now + CLOCK_SKEW) fail(`report_metadata.date_range.end: ${iso(end)} is in the future`);
  if (end - begin > limits.periodSeconds) fail(`report_metadata.date_range: covers ${Math.round((end - begin) / 86400)} days; at most ${limits.periodSeconds / 86400} are believable`);

  const rows = list(feedback.record);
  if (rows.length > limits.records) fail(`has ${rows.length.toLocaleString('en')} record rows, over the limit of ${limits.records.toLocaleString('en')} per report`);
  return {
    origin,
    format,
    orgName: text(meta.org_name, 'report_metadata.org_name', '', limits),
    reportId: text(meta.report_id, 'report_metadata.report_id', '', limits),
    begin,
    end,
    policy: publishedPolicy(node(feedback.policy_published, 'policy_published'), limits),
    records: rows.map((row, i) => record(row, i, limits)),
  };
}

function publishedPolicy(p: Node, limits: ReportLimits): PublishedPolicy {
  const domain = domainName(p.domain, 'policy_published.domain', '', limits);
  if (!/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(domain) || domain.length > 253) {
    fail(`policy_published.domain: ${JSON.stringify(domain)} is not a domain name`);
  }
  const testing = optionalText(p.testing, 'policy_published.testing', limits)?.toLowerCase();
  if (testing !== undefined && testing !== 'y' && testing !== 'n') fail(`policy_published.testing: expected y or n, got ${JSON.stringify(testing)}`);
  const pct = optionalText(p.pct, 'policy_published.pct', limits);
  if (pct !== undefined && (!/^\d{1,3}$/.test(pct) || Number(pct) > 100)) fail(`policy_published.pct: expected 0 to 100, got ${JSON.stringify(pct)}`);
  const sp = policy(p.sp, 'policy_published.sp', limits);
  const np = policy(p.np, 'policy_published.np', limits);
  return {
    domain,
    p: policy(p.p, 'policy_published.p', limits) ?? 'none',
    ...(sp && { sp }),
    ...(np && { np }),
    ...(testing !== undefined && { testing: testing === 'y' }),
    ...(pct !== undefined && { pct: Number(pct) }),
  };
}

/**
 * One `record` row. Field paths (`record[3].row.count`) are only written out for a refusal: building them for every
 * field of every row was a fifth of the parser's time.
 */
function record(value: unknown, index: number, limits: ReportLimits): ReportRecord {
  const rec = node(value, index, '');
  const row = node(rec.row, index, 'row');
  const evaluated = node(row.policy_evaluated, index, 'row.policy_evaluated');
  const sourceIp = text(row.source_ip, index, 'row.source_ip', limits);
  if (isIP(sourceIp) === 0) fail(`${path(index, 'row.source_ip')}: ${JSON.stringify(sourceIp)} is not an IP address`);
  const count = text(row.count, index, 'row.count', limits);
  if (!/^\d{1,10}$/.test(count) || Number(count) > limits.rowCount) fail(`${path(index, 'row.count')}: expected a whole number of messages up to ${limits.rowCount.toLocaleString('en')}, got ${JSON.stringify(count)}`);
  const identifiers = node(rec.identifiers, index, 'identifiers');
  const auth = rec.auth_results === undefined || rec.auth_results === '' ? {} : node(rec.auth_results, index, 'auth_results');
  const dkimNodes = list(auth.dkim);
  if (dkimNodes.length > limits.dkimPerRow) fail(`${path(index, 'auth_results')}: ${dkimNodes.length} DKIM results, over the limit of ${limits.dkimPerRow} per row`);
  // In the order the fields were always checked, so that a report with several faults is refused for the same one.
  const disposition = text(evaluated.disposition, index, 'row.policy_evaluated.disposition', limits).toLowerCase();
  const dkimAligned = result(evaluated.dkim, index, 'row.policy_evaluated.dkim', limits);
  const spfAligned = result(evaluated.spf, index, 'row.policy_evaluated.spf', limits);
  const headerFrom = domainName(identifiers.header_from, index, 'identifiers.header_from', limits);
  const dkim: DkimResult[] = [];
  for (let i = 0; i < dkimNodes.length; i++) dkim.push(dkimResult(dkimNodes[i], index, i, limits));
  const spfNodes = list(auth.spf);
  const spf: SpfResult[] = [];
  for (let i = 0; i < spfNodes.length; i++) spf.push(spfResult(spfNodes[i], index, i, limits));
  return { sourceIp: sourceIp.toLowerCase(), count: Number(count), disposition, dkimAligned, spfAligned, headerFrom, dkim, spf };
}

function dkimResult(value: unknown, row: number, i: number, limits: ReportLimits): DkimResult {
  const at = () => `${path(row, 'auth_results')}.dkim[${i}]`;
  const d = node(value, at, '');
  const selector = d.selector === undefined ? undefined : text(d.selector, at, 'selector', limits);
  const domain = domainName(d.domain, at, 'domain', limits);
  const outcome = text(d.result, at, 'result', limits).toLowerCase();
  return selector ? { domain, selector: selector.toLowerCase(), result: outcome } : { domain, result: outcome };
}

function spfResult(value: unknown, row: number, i: number, limits: ReportLimits): SpfResult {
  const at = () => `${path(row, 'auth_results')}.spf[${i}]`;
  const s = node(value, at, '');
  return { domain: domainName(s.domain, at, 'domain', limits, true), result: text(s.result, at, 'result', limits).toLowerCase() };
}

/**
 * Where a value is: a fixed path (`report_metadata.org_name`), the index of a record row, or a function that writes
 * the path; `field` is added after it. Written out only when a value is refused.
 */
type At = string | number | (() => string);

function path(at: At, field: string): string {
  const base = typeof at === 'string' ? at : typeof at === 'number' ? `record[${at}]` : at();
  return field ? (base ? `${base}.${field}` : field) : base;
}

function result(value: unknown, at: At, field: string, limits: ReportLimits): DmarcResult {
  const r = text(value, at, field, limits).toLowerCase();
  if (r !== 'pass' && r !== 'fail') fail(`${path(at, field)}: expected pass or fail, got ${JSON.stringify(r)}`);
  return r;
}

function policy(value: unknown, at: string, limits: ReportLimits): DmarcPolicy | undefined {
  const p = optionalText(value, at, limits)?.toLowerCase();
  if (p === undefined || p === '') return undefined;
  if (!(DMARC_POLICIES as readonly string[]).includes(p)) fail(`${at}: expected ${DMARC_POLICIES.join(', ')}, got ${JSON.stringify(p)}`);
  return p as DmarcPolicy;
}

function epoch(value: unknown, at: string): number {
  const t = typeof value === 'string' ? value : '';
  // Some receivers write "1700000000.0"; anything else (negative, exponent, words) is impossible.
  if (!/^\d{1,12}(\.0+)?$/.test(t)) fail(`${at}: expected seconds since 1970, got ${JSON.stringify(shorten(String(value)))}`);
  return Math.floor(Number(t));
}

/** Lowercase, without the trailing dot of a fully qualified name. */
function domainName(value: unknown, at: At, field: string, limits: ReportLimits, emptyAllowed = false): string {
  const domain = (emptyAllowed && value === undefined ? '' : text(value, at, field, limits)).toLowerCase();
  return domain.endsWith('.') ? domain.slice(0, -1) : domain;
}

function node(value: unknown, at: At, field = ''): Node {
  if (Array.isArray(value)) fail(`${path(at, field)}: appears ${value.length} times, expected once`);
  if (value === null || typeof value !== 'object') fail(value === undefined ? `${path(at, field)}: missing` : `${path(at, field)}: expected elements inside, got text`);
  return value as Node;
}

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function optionalText(value: unknown, at: string, limits: ReportLimits): string | undefined {
  return value === undefined ? undefined : text(value, at, '', limits);
}

function text(value: unknown, at: At, field: string, limits: ReportLimits): string {
  if (typeof value !== 'string') {
    if (value === undefined) fail(`${path(at, field)}: missing`);
    if (Array.isArray(value)) fail(`${path(at, field)}: appears ${value.length} times, expected once`);
    fail(`${path(at, field)}: expected text, got elements`);
  }
  if (value.length > limits.valueChars) fail(`${path(at, field)}: ${value.length.toLocaleString('en')} characters long, over the limit of ${limits.valueChars.toLocaleString('en')}`);
  return ownText(decodeXmlText(value));
}

function fail(message: string): never {
  throw new FieldError(message);
}

function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function iso(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace('.000Z', 'Z');
}
