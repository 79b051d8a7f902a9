import { isSpfRecord } from '../../model/spf';
import { parsedSpfRecord } from '../spf-parsed';
import { CheckResult, fail, missing, pass } from '../check-result';
import { DnsAnswer } from '../resolver';

/** The SPF records among a name's TXT values. */
export function spfRecordsOf(values: readonly string[]): string[] {
  return values.filter(isSpfRecord);
}

/**
 * Exactly one `v=spf1` TXT record at the domain, with valid syntax. Two records are a permanent error for every
 * message (RFC 7208 §4.5), whatever they say.
 */
export function checkSpfRecord(domain: string, apexTxt: DnsAnswer): { result: CheckResult; record?: string } {
  const id = 'spf.record';
  if (apexTxt.kind !== 'records') return { result: missing(id, apexTxt, { type: 'TXT', name: domain }, `no SPF record at ${domain}`) };
  const records = spfRecordsOf(apexTxt.values);
  if (records.length === 0) return { result: fail(id, `no SPF record at ${domain}: none of its ${apexTxt.values.length} TXT record(s) starts with "v=spf1"`) };
  if (records.length > 1) {
    return {
      result: fail(id, `${records.length} SPF records at ${domain} (${records.map((r) => JSON.stringify(r)).join(', ')}): receivers return permerror for every message (RFC 7208 §4.5); merge them into one`),
    };
  }
  const record = records[0]!.trim();
  const { errors } = parsedSpfRecord(record);
  if (errors.length > 0) return { result: fail(id, `SPF record ${JSON.stringify(record)} is invalid: ${errors.join('; ')}`) };
  return { result: pass(id, `one SPF record: ${JSON.stringify(record)}`), record };
}
