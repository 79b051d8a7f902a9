import { canonicalName } from '../model/names';
import { publishedText } from '../model/terraform-template';
import { readSynthFile, readSynthManifest } from './synth-manifest';

/**
 * A DNS record set as Terraform sees it, read back from synthesized stacks or plans, in one neutral form:
 * TXT values as logical text (string splits undone), MX as "priority host", names lowercase without trailing dot.
 */
export interface TerraformDnsRecord {
  /** Stack (folder name in cdktf.out/stacks). */
  readonly stack: string;
  /** Terraform address, e.g. `aws_route53_record.email-auth_spf_20C5DE82`. */
  readonly address: string;
  readonly provider: 'route53' | 'cloudflare';
  readonly name: string;
  readonly type: string;
  readonly ttl: number | undefined;
  readonly values: readonly string[];
}

/** What a synth output folder declares: its stacks, their DNS records, and the records they let Terraform forget. */
export interface SynthOutput {
  /** Every stack manifest.json lists, sorted; a stack without records (a retired one) is listed too. */
  readonly stacks: readonly string[];
  readonly records: readonly TerraformDnsRecord[];
  /** Stack → addresses of its `removed` blocks (`retired: forget`): Terraform stops managing them, DNS keeps them. */
  readonly forgotten: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Every stack of a synth output folder (`cdktf.out`) as its manifest.json lists them, with their DNS records sorted by
 * stack and address. Values are the text Terraform publishes (template escapes undone).
 */
export function readSynthOutput(outdir: string): SynthOutput {
  const stacks = readSynthManifest(outdir);
  const records: TerraformDnsRecord[] = [];
  const forgotten = new Map<string, ReadonlySet<string>>();
  for (const stack of stacks) {
    try {
      const json = JSON.parse(readSynthFile(stack.file)) as StackJson;
      if (!isObject(json) || (json.resource !== undefined && !isObject(json.resource))) throw new Error(`${stack.file} is not a Terraform JSON configuration`);
      records.push(...recordsFromStackJson(stack.name, json));
      forgotten.set(stack.name, new Set(forgottenAddresses(json)));
    } catch (e) {
      throw new Error(`stack ${stack.name}: ${(e as Error).message}`);
    }
  }
  return { stacks: stacks.map((s) => s.name), records, forgotten };
}

/** Every DNS record of every stack of a synth output folder (see {@link readSynthOutput}). */
export function recordsFromSynth(outdir: string): TerraformDnsRecord[] {
  return [...readSynthOutput(outdir).records];
}

type StackJson = { resource?: Record<string, Record<string, Record<string, unknown>>>; removed?: unknown };

/** The `from` address of each `removed` block of a synthesized stack (JSON syntax: a list of blocks, or one block). */
export function forgottenAddresses(json: StackJson): string[] {
  const blocks = Array.isArray(json.removed) ? json.removed : json.removed === undefined ? [] : [json.removed];
  return blocks.flatMap((b) => (typeof (b as { from?: unknown } | null)?.from === 'string' ? [(b as { from: string }).from] : []));
}

/** The DNS records of one synthesized stack (`cdk.tf.json` parsed), with the template escapes of its literals undone. */
export function recordsFromStackJson(stack: string, json: StackJson): TerraformDnsRecord[] {
  const out: TerraformDnsRecord[] = [];
  for (const [type, resources] of Object.entries(json.resource ?? {})) {
    if (!isObject(resources)) continue;
    for (const [name, values] of Object.entries(resources)) {
      if (!isObject(values)) continue;
      const record = recordFromResource(type, literalsOf(values));
      if (record) out.push({ stack, address: `${type}.${name}`, ...record });
    }
  }
  return out.sort((a, b) => a.address.localeCompare(b.address));
}

/** The attributes a synthesized resource publishes, as text: `$${` and `%%{` are Terraform's escapes of `${` and `%{`. */
function literalsOf(values: Record<string, unknown>): Record<string, unknown> {
  // One level: a record's values are a string or a list of strings; anything else is refused by recordFromResource.
  const text = (v: unknown): unknown => (typeof v === 'string' ? publishedText(v) : v);
  const list = (v: unknown): unknown => (Array.isArray(v) ? v.map(text) : text(v));
  return { ...values, name: text(values.name), records: list(values.records), content: text(values.content) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Maps one resource's attributes (synth JSON or plan `values`, both snake_case) to the neutral form; undefined for
 * resources that are not DNS records.
 */
export function recordFromResource(resourceType: string, v: Record<string, unknown>): Omit<TerraformDnsRecord, 'stack' | 'address'> | undefined {
  const name = canonicalName(String(v.name ?? ''));
  const type = String(v.type ?? '').toUpperCase();
  const ttl = typeof v.ttl === 'number' ? v.ttl : undefined;
  if (resourceType === 'aws_route53_record') {
    const records = Array.isArray(v.records) ? (v.records as unknown[]) : [];
    const bad = records.findIndex((r) => typeof r !== 'string');
    if (bad >= 0) throw new Error(`aws_route53_record ${JSON.stringify(name)}: records[${bad}] is ${typeof records[bad]}, not a string`);
    const values = (records as string[]).map((r) => (type === 'TXT' ? r.split('""').join('') : r)).sort();
    return { provider: 'route53', name, type, ttl, values };
  }
  if (resourceType === 'cloudflare_dns_record') {
    const content = String(v.content ?? '');
    let value = content;
    if (type === 'TXT') value = unquoteTxt(content);
    else if (type === 'MX') value = `${v.priority ?? 0} ${content}`;
    return { provider: 'cloudflare', name, type, ttl, values: [value] };
  }
  return undefined;
}

/** `"chunk1" "chunk2"` → `chunk1chunk2`; unquoted content is returned as is. */
export function unquoteTxt(content: string): string {
  const strings = content.match(/"((?:[^"\\]|\\.)*)"/g);
  if (!strings) return content;
  return strings.map((s) => s.slice(1, -1).replace(/\\(.)/g, '$1')).join('');
}
