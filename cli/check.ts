import { InstitutionConfig } from '../config/load';
import { ReportCollectorConfig, reportCollectorCode } from '../config/report-authorizations';
import { renderMx } from '../model/mx';
import { DnsRecord } from '../model/records';
import { stackName } from '../stacks/stack-props';
import { requireBindings } from './bindings';
import { Command, EXIT, loadConfig } from './command';
import { CHECK } from './commands/check';
import { LineWriter } from './output-lines';

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
      writeBlocks(new LineWriter(io), config.institutions, collectors);
    }
    return EXIT.ok;
  },
};

/**
 * A block per institution, then one per report collector, a blank line between two. A loop rather than a generator
 * of lines: at 5,000 institutions V8 compiled the generator, with the blocks inlined, for longer than it ran.
 */
function writeBlocks(out: LineWriter, institutions: readonly InstitutionConfig[], collectors: readonly ReportCollectorConfig[]): void {
  for (let i = 0; i < institutions.length; i++) {
    if (i > 0) out.line('');
    out.line(describeInstitution(institutions[i]!));
  }
  for (const c of collectors) out.line(`\n${describeCollector(c)}`);
  out.end();
}

const RETIRED: Record<string, string> = {
  true: 'RETIRED: the next apply deletes these records',
  forget: 'RETIRED (forget): the next apply stops managing these records; they stay in DNS',
};

const NO_FORGOTTEN: ReadonlySet<string> = new Set();

/** A readable block per institution: one line per value, kept TXT values and report authorisations marked. */
export function describeInstitution(inst: InstitutionConfig): string {
  const zone = inst.zoneId ? `zone ${inst.zoneId}` : `zone ${inst.zoneName} (looked up)`;
  const forgotten = inst.reportAuthorizations ? forgottenDomains(inst.reportAuthorizations) : NO_FORGOTTEN;
  return recordBlock(`${stackName(inst.code)}: ${inst.domain} on ${inst.provider}, ${zone}${inst.retired ? `, ${RETIRED[String(inst.retired)]}` : ''}`, inst.records, forgotten);
}

/** A `reportAuthorizations` entry's stack: its zone, and one authorisation record per institution reporting into it. */
export function describeCollector(c: ReportCollectorConfig): string {
  const zone = c.zoneId ? `zone ${c.zoneId}` : `zone ${c.zoneName} (looked up)`;
  const head = `${stackName(reportCollectorCode(c.name))}: report authorisations for ${c.reportDomain} on ${c.provider}, ${zone}`;
  return c.records.length > 0 ? recordBlock(head, c.records, forgottenDomains(c.authorizations)) : `${head}\n  (no record: no report address of the config needs one)`;
}

function forgottenDomains(authorizations: readonly { readonly domain: string; readonly forget?: boolean }[]): ReadonlySet<string> {
  const forgotten = new Set<string>();
  for (const a of authorizations) if (a.forget) forgotten.add(a.domain);
  return forgotten;
}

const REPORT_AUTH = '  (report authorisation)';
const REPORT_AUTH_FORGOTTEN = '  (report authorisation; no longer managed: its institution is retired with forget)';

/** The type column, padded: one string per type rather than a padEnd per record. */
const TYPE_COLUMN: Readonly<Record<DnsRecord['type'], string>> = { TXT: 'TXT  ', CNAME: 'CNAME', MX: 'MX   ' };

/** The TTL column (right-aligned in 5): a config has a few TTLs, written once each. */
const ttlColumns = new Map<number, string>();
function ttlColumn(ttl: number): string {
  let column = ttlColumns.get(ttl);
  if (column === undefined) ttlColumns.set(ttl, (column = String(ttl).padStart(5)));
  return column;
}

/**
 * The head, then one line per value. `forgotten`: the authorised domains whose records the stack stops managing
 * (their institution is retired with forget). Every value of a record shares its type, name and TTL: the row's start
 * is built once per record, and the text grows without intermediate rows. One function, too long for V8 to write into
 * its callers: at 5,000 institutions it was compiled on its own and again inside describeInstitution
 * (`--trace-turbo-inlining`).
 */
function recordBlock(head: string, records: readonly DnsRecord[], forgotten: ReadonlySet<string>): string {
  let nameWidth = 0;
  for (let i = 0; i < records.length; i++) if (records[i]!.name.length > nameWidth) nameWidth = records[i]!.name.length;
  let text = head;
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const start = `\n  ${TYPE_COLUMN[record.type]} ${record.name.padEnd(nameWidth)} ${ttlColumn(record.ttl)}  `;
    if (record.type === 'CNAME') {
      text += start + record.values[0];
    } else if (record.type === 'MX') {
      const values = record.values;
      for (let v = 0; v < values.length; v++) text += start + renderMx(values[v]!);
    } else if (record.purpose === 'report-auth') {
      const note = forgotten.has(record.name.slice(0, record.name.indexOf('._report._dmarc.'))) ? REPORT_AUTH_FORGOTTEN : REPORT_AUTH;
      for (let v = 0; v < record.values.length; v++) text += start + JSON.stringify(record.values[v]) + note;
    } else {
      for (let v = 0; v < record.values.length; v++) text += start + JSON.stringify(record.values[v]);
      for (let v = 0; v < record.kept.length; v++) text += `${start}${JSON.stringify(record.kept[v])}  (kept)`;
    }
  }
  return text;
}
