import { InstitutionConfig } from '../config/load';
import { ReportCollectorConfig, reportCollectorCode } from '../config/report-authorizations';
import { renderMx } from '../model/mx';
import { DnsRecord } from '../model/records';
import { stackName } from '../stacks/stack-props';
import { requireBindings } from './bindings';
import { Command, EXIT, loadConfig } from './command';
import { CHECK } from './commands';

export const check: Command<typeof CHECK> = {
  run({ values }, io) {
    const config = loadConfig(values.config, io);
    // What check accepts, synth writes: a config whose provider binding is not installed here fails both.
    requireBindings(config, io);
    const collectors = config.reportAuthorizations ?? [];
    if (values.json) {
      const institutions = config.institutions.map((inst) => ({ stack: stackName(inst.code), code: inst.code, domain: inst.domain, provider: inst.provider, ...(inst.retired && { retired: inst.retired }), records: inst.records }));
      // The collectors' stacks after the institutions, told apart by `reportDomain` (they have no code).
      const reports = collectors.map((c) => ({ stack: stackName(reportCollectorCode(c.name)), name: c.name, reportDomain: c.reportDomain, provider: c.provider, records: c.records }));
      io.out(JSON.stringify([...institutions, ...reports], null, 2));
    } else {
      config.institutions.forEach((inst, i) => io.out(`${i > 0 ? '\n' : ''}${describeInstitution(inst)}`));
      for (const c of collectors) io.out(`\n${describeCollector(c)}`);
    }
    return EXIT.ok;
  },
};

const RETIRED: Record<string, string> = {
  true: 'RETIRED: the next apply deletes these records',
  forget: 'RETIRED (forget): the next apply stops managing these records; they stay in DNS',
};

/** A readable block per institution: one line per value, kept TXT values and report authorisations marked. */
export function describeInstitution(inst: InstitutionConfig): string {
  const zone = inst.zoneId ? `zone ${inst.zoneId}` : `zone ${inst.zoneName} (looked up)`;
  const forgotten = new Set((inst.reportAuthorizations ?? []).filter((a) => a.forget).map((a) => a.domain));
  return recordBlock(`${stackName(inst.code)}: ${inst.domain} on ${inst.provider}, ${zone}${inst.retired ? `, ${RETIRED[String(inst.retired)]}` : ''}`, inst.records, forgotten);
}

/** A `reportAuthorizations` entry's stack: its zone, and one authorisation record per institution reporting into it. */
export function describeCollector(c: ReportCollectorConfig): string {
  const zone = c.zoneId ? `zone ${c.zoneId}` : `zone ${c.zoneName} (looked up)`;
  const forgotten = new Set(c.authorizations.filter((a) => a.forget).map((a) => a.domain));
  const head = `${stackName(reportCollectorCode(c.name))}: report authorisations for ${c.reportDomain} on ${c.provider}, ${zone}`;
  return c.records.length > 0 ? recordBlock(head, c.records, forgotten) : `${head}\n  (no record: no report address of the config needs one)`;
}

function recordBlock(head: string, records: readonly DnsRecord[], forgotten: ReadonlySet<string>): string {
  const rows = records.flatMap((r) => recordRows(r, forgotten));
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  return [head, ...rows.map((row) => `  ${row.type.padEnd(5)} ${row.name.padEnd(nameWidth)} ${String(row.ttl).padStart(5)}  ${row.value}${row.note}`)].join('\n');
}

/** `forgotten`: the authorised domains whose records the stack stops managing (their institution is retired with forget). */
function recordRows(record: DnsRecord, forgotten: ReadonlySet<string>): { type: string; name: string; ttl: number; value: string; note: string }[] {
  const row = (value: string, note = '') => ({ type: record.type, name: record.name, ttl: record.ttl, value, note });
  switch (record.type) {
    case 'TXT': {
      if (record.purpose === 'report-auth') {
        const domain = record.name.slice(0, record.name.indexOf('._report._dmarc.'));
        return record.values.map((v) => row(JSON.stringify(v), forgotten.has(domain) ? '  (report authorisation; no longer managed: its institution is retired with forget)' : '  (report authorisation)'));
      }
      return [...record.values.map((v) => row(JSON.stringify(v))), ...record.kept.map((v) => row(JSON.stringify(v), '  (kept)'))];
    }
    case 'CNAME':
      return [row(record.values[0])];
    case 'MX':
      return record.values.map((mx) => row(renderMx(mx)));
  }
}
