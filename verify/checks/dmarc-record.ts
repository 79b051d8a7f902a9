import { DMARC_POLICIES, isDmarcRecord, parseDmarcRecord } from '../../model/dmarc';
import { CheckResult, fail, missing, pass, warn } from '../check-result';
import { DnsAnswer } from '../resolver';

/** The DMARC records among a name's TXT values (RFC 7489 §6.6.3: the others are discarded). */
export function dmarcRecordsOf(values: readonly string[]): string[] {
  return values.filter(isDmarcRecord);
}

/** Exactly one valid DMARC record at `_dmarc.<domain>`; the policy is shown. */
export function checkDmarcRecord(domain: string, txt: DnsAnswer): { result: CheckResult; tags?: Record<string, string> } {
  const id = 'dmarc.record';
  const name = `_dmarc.${domain}`;
  if (txt.kind !== 'records') return { result: missing(id, txt, { type: 'TXT', name }, `no DMARC record at ${name}`) };
  const records = dmarcRecordsOf(txt.values);
  if (records.length === 0) return { result: fail(id, `no DMARC record at ${name}: none of its TXT records starts with "v=DMARC1"`) };
  if (records.length > 1) {
    return { result: fail(id, `${records.length} DMARC records at ${name}: receivers apply no DMARC policy at all (RFC 7489 §6.6.3); keep one`) };
  }
  const record = records[0]!.trim();
  const { tags, errors } = parseDmarcRecord(record);
  if (errors.length > 0) return { result: fail(id, `DMARC record ${JSON.stringify(record)} is invalid: ${errors.join('; ')}`) };
  const bad = (['p', 'sp', 'np'] as const).find((t) => tags[t] !== undefined && !(DMARC_POLICIES as readonly string[]).includes(tags[t]!));
  if (bad) return { result: fail(id, `${bad}=${tags[bad]} is not a policy (expected ${DMARC_POLICIES.join('|')})`), tags };
  const policy = ['p', 'sp', 'np', 'pct', 't'].filter((t) => tags[t] !== undefined).map((t) => `${t}=${tags[t]}`).join(' ');
  if (tags.p === undefined) return { result: warn(id, `DMARC record ${JSON.stringify(record)} has no p= tag: receivers treat it as p=none at best`), tags };
  const reports = tags.rua ? `, aggregate reports to ${tags.rua}` : ', no aggregate reports (rua)';
  return { result: pass(id, `policy ${policy}${reports}`), tags };
}
