import { DmarcRecord, isDmarcRecord, parseDmarcRecord } from '../../model/dmarc-record';
import { appliedPolicy, describeAppliedPolicy, PolicySource, TreeWalkStep } from '../../model/dmarc-tree-walk';
import { CheckResult, fail, missing, pass, warn } from '../check-result';
import { DnsAnswer } from '../resolver';

/** The DMARC records among a name's TXT values (RFC 9989 §4.10 step 2: the others are discarded). */
export function dmarcRecordsOf(values: readonly string[]): string[] {
  return values.filter(isDmarcRecord);
}

/** What the tree walk from the domain found: the policy source receivers fall back to, and whether the domain exists. */
export interface DmarcContext {
  readonly source?: PolicySource;
  readonly steps: readonly TreeWalkStep[];
  /** False when the domain itself is NXDOMAIN (RFC 9989 §3.2.13): then `np` applies instead of `sp`. */
  readonly exists: boolean;
}

/**
 * Exactly one valid DMARC record at `_dmarc.<domain>`, read by the shared parser (`model/dmarc-record.ts`) with the
 * rules the record builder applies. A value the parser calls an error fails the check, a warning warns: receivers
 * drop invalid values and use the defaults (RFC 9989 §4.8), so the owner's intent (strict alignment, say) is lost
 * without anyone noticing — the same reason the builder refuses them. Unknown tags are ignored by receivers
 * (RFC 9989 §4.7) and only warn.
 *
 * When the record is missing or there are several, the check still fails, and says which policy receivers apply
 * meanwhile (the organizational or public suffix domain's, found by the tree walk in `context`, or none).
 */
export function checkDmarcRecord(domain: string, txt: DnsAnswer, context?: DmarcContext): { result: CheckResult; record?: DmarcRecord } {
  const id = 'dmarc.record';
  const name = `_dmarc.${domain}`;
  const meanwhile = () => (context ? `; ${inheritedPolicy(domain, context)}` : '');
  if (txt.kind !== 'records') return { result: missing(id, txt, { type: 'TXT', name }, `no DMARC record at ${name}`, context && inheritedPolicy(domain, context)) };
  const records = dmarcRecordsOf(txt.values);
  if (records.length === 0) return { result: fail(id, `no DMARC record at ${name}: none of its TXT records starts with "v=DMARC1"${meanwhile()}`) };
  if (records.length > 1) return { result: fail(id, `${records.length} DMARC records at ${name}: receivers discard them all (RFC 9989 §4.10); keep one${meanwhile()}`) };
  const text = records[0]!.trim();
  // The tree walk began at this very record and has read it already.
  const walked = context?.steps[0];
  const record = walked?.name === domain && walked.answer.kind === 'record' && walked.answer.text === text ? walked.answer.record : parseDmarcRecord(text);
  if (record.errors.length > 0) {
    // Only an invalid record's reason says which policy applies: a valid one's summary is its tags.
    const applied = appliedPolicy(record, 'self');
    const consequence = applied.applies && !applied.fallback ? `receivers drop what is invalid, use the defaults (RFC 9989 §4.8) and apply ${describeAppliedPolicy(applied, record)}` : describeAppliedPolicy(applied, record);
    const noReports = record.tags.rua !== undefined && record.rua.length === 0 ? '; no aggregate report address is valid, so no reports arrive' : '';
    return { result: fail(id, `DMARC record ${JSON.stringify(text)} is invalid: ${record.errors.join('; ')}; ${consequence}${noReports}`), record };
  }
  const summary = `policy ${policyTags(record)}${record.rua.length > 0 ? `, aggregate reports to ${uriList(record)}` : ', no aggregate reports (rua)'}`;
  if (record.warnings.length > 0) return { result: warn(id, `${summary}; ${record.warnings.join('; ')}`), record };
  return { result: pass(id, summary), record };
}

/** The policy tags as receivers read them (`p=reject sp=quarantine t=y`); `pct` is shown as written (RFC 7489 receivers read it). */
function policyTags(record: DmarcRecord): string {
  // Built by appending, not arrays filtered, mapped and joined: verify writes this for every domain (issue 20).
  let text = '';
  if (record.p !== undefined) text = `p=${record.p}`;
  if (record.sp !== undefined) text += `${text === '' ? '' : ' '}sp=${record.sp}`;
  if (record.np !== undefined) text += `${text === '' ? '' : ' '}np=${record.np}`;
  if (record.tags.pct !== undefined) text += `${text === '' ? '' : ' '}pct=${record.tags.pct}`;
  if (record.testing) text += `${text === '' ? '' : ' '}t=y`;
  return text || 'p=none (no p tag)';
}

/** The aggregate report URIs as the record lists them (the valid ones), comma-separated. */
function uriList(record: DmarcRecord): string {
  let text = record.rua[0]!.uri;
  for (let i = 1; i < record.rua.length; i++) text += `,${record.rua[i]!.uri}`;
  return text;
}

/** "meanwhile receivers apply …": the policy the tree walk gives a domain without a usable record of its own (RFC 9989 §4.10.1). */
export function inheritedPolicy(domain: string, context: DmarcContext): string {
  const errors = context.steps.filter((s) => s.answer.kind === 'error').map((s) => `_dmarc.${s.name} (${s.answer.kind === 'error' ? s.answer.code : ''})`);
  const dnsNote = errors.length > 0 ? `; DNS errors at ${errors.join(', ')} may hide a record` : '';
  const { source } = context;
  if (!source || source.role === 'author') {
    const parents = context.steps.filter((s) => s.name !== domain).map((s) => `_dmarc.${s.name}`);
    const where = parents.length > 0 ? `: the tree walk finds no record at ${parents.join(', ')} either` : '';
    return `meanwhile receivers apply no DMARC policy${where} (RFC 9989 §4.10.1)${dnsNote}`;
  }
  const applied = appliedPolicy(source.record, 'subdomain', context.exists);
  const whose = source.role === 'organizational' ? `the organizational domain ${source.name}` : `the public suffix domain ${source.name} (psd=y)`;
  const exists = context.exists ? '' : ` (${domain} does not exist, so np applies)`;
  return `meanwhile receivers apply the policy of ${whose}: ${describeAppliedPolicy(applied, source.record)}${exists} (RFC 9989 §4.10.1)${dnsNote}`;
}
