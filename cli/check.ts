import { InstitutionConfig } from '../config/load';
import { renderMx } from '../model/mx';
import { stackName } from '../stacks/stack-props';
import { bindingsInstalled } from './bindings';
import { Command, EXIT, loadConfig, parseFlags } from './command';
import { writeLines } from './output-lines';

export const check: Command = {
  run(args, io) {
    const { values } = parseFlags(args, { config: { type: 'string' }, json: { type: 'boolean' } });
    const config = loadConfig(values.config, io);
    if (!config) return EXIT.failed;
    // What check accepts, synth writes: a config whose provider binding is not installed here fails both.
    if (!bindingsInstalled(config, io)) return EXIT.failed;
    if (values.json) {
      io.out(JSON.stringify(config.institutions.map((inst) => ({ stack: stackName(inst.code), code: inst.code, domain: inst.domain, provider: inst.provider, ...(inst.retired && { retired: inst.retired }), records: inst.records })), null, 2));
    } else {
      writeLines(io, blocks(config.institutions));
    }
    return EXIT.ok;
  },
};

/** A block per institution, a blank line between two. */
function* blocks(institutions: readonly InstitutionConfig[]): Generator<string> {
  for (let i = 0; i < institutions.length; i++) {
    if (i > 0) yield '';
    yield describeInstitution(institutions[i]!);
  }
}

const RETIRED: Record<string, string> = {
  true: 'RETIRED: the next apply deletes these records',
  forget: 'RETIRED (forget): the next apply stops managing these records; they stay in DNS',
};

/** A readable block per institution: one line per value, kept TXT values marked. */
export function describeInstitution(inst: InstitutionConfig): string {
  const zone = inst.zoneId ? `zone ${inst.zoneId}` : `zone ${inst.zoneName} (looked up)`;
  let text = `${stackName(inst.code)}: ${inst.domain} on ${inst.provider}, ${zone}${inst.retired ? `, ${RETIRED[String(inst.retired)]}` : ''}`;
  let nameWidth = 0;
  for (const record of inst.records) if (record.name.length > nameWidth) nameWidth = record.name.length;
  // Every value of a record shares its type, name and TTL: the row's start is built once per record.
  for (const record of inst.records) {
    const start = `\n  ${record.type.padEnd(5)} ${record.name.padEnd(nameWidth)} ${String(record.ttl).padStart(5)}  `;
    switch (record.type) {
      case 'TXT':
        for (const value of record.values) text += start + JSON.stringify(value);
        for (const value of record.kept) text += `${start}${JSON.stringify(value)}  (kept)`;
        break;
      case 'CNAME':
        text += start + record.values[0];
        break;
      case 'MX':
        for (const mx of record.values) text += start + renderMx(mx);
        break;
    }
  }
  return text;
}
