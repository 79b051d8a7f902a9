import { InstitutionConfig } from '../config/load';
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
    if (values.json) {
      io.out(JSON.stringify(config.institutions.map((inst) => ({ stack: stackName(inst.code), code: inst.code, domain: inst.domain, provider: inst.provider, ...(inst.retired && { retired: inst.retired }), records: inst.records })), null, 2));
    } else {
      config.institutions.forEach((inst, i) => io.out(`${i > 0 ? '\n' : ''}${describeInstitution(inst)}`));
    }
    return EXIT.ok;
  },
};

const RETIRED: Record<string, string> = {
  true: 'RETIRED: the next apply deletes these records',
  forget: 'RETIRED (forget): the next apply stops managing these records; they stay in DNS',
};

/** A readable block per institution: one line per value, kept TXT values marked. */
export function describeInstitution(inst: InstitutionConfig): string {
  const zone = inst.zoneId ? `zone ${inst.zoneId}` : `zone ${inst.zoneName} (looked up)`;
  const lines = [`${stackName(inst.code)}: ${inst.domain} on ${inst.provider}, ${zone}${inst.retired ? `, ${RETIRED[String(inst.retired)]}` : ''}`];
  const rows = inst.records.flatMap(recordRows);
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) lines.push(`  ${row.type.padEnd(5)} ${row.name.padEnd(nameWidth)} ${String(row.ttl).padStart(5)}  ${row.value}${row.note}`);
  return lines.join('\n');
}

function recordRows(record: DnsRecord): { type: string; name: string; ttl: number; value: string; note: string }[] {
  const row = (value: string, note = '') => ({ type: record.type, name: record.name, ttl: record.ttl, value, note });
  switch (record.type) {
    case 'TXT':
      return [...record.values.map((v) => row(JSON.stringify(v))), ...record.kept.map((v) => row(JSON.stringify(v), '  (kept)'))];
    case 'CNAME':
      return [row(record.values[0])];
    case 'MX':
      return record.values.map((mx) => row(renderMx(mx)));
  }
}
