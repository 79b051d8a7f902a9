/**
 * The config edit of `reports --propose`, made as a person would make it: the `yaml` package's Document API finds
 * each node and where it is written (YAML, or JSON, which is YAML's flow syntax), and only the few characters of the
 * values that change are replaced, or a line is added beside them. Nothing else of the file is rewritten: comments,
 * end-of-line comments, key order, quoting, flow or block style, indentation, a byte-order mark and CRLF line
 * endings stay as they were. Pure: text in, text out.
 *
 * Refused, with the reason, for the institution concerned (the others are still edited):
 * - a node on the path that is an alias (`dmarc: *shared`) or an anchor that aliases use: the edit would change every
 *   institution that shares it;
 * - a value that is not a plain or quoted scalar (a block scalar, a collection);
 * - an entry that is no longer the institution the reports were about (the file changed meanwhile).
 * Refused for the whole file: YAML the `yaml` package cannot read (duplicate keys among them), mixed line endings.
 * Every result is checked: parsed again, it must equal the original data with exactly the step's keys changed.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Document, Node as YamlNode, Pair, Scalar, YAMLMap } from 'yaml';
import { ConfigChange } from '../readiness/ladder';

export interface ConfigStep {
  /** Index of the institution in the file's `institutions` list. */
  readonly index: number;
  readonly code: string;
  readonly change: ConfigChange;
}

export interface EditOutcome {
  readonly text: string;
  readonly applied: readonly ConfigStep[];
  readonly refused: readonly { readonly step: ConfigStep; readonly reason: string }[];
}

/** Whole-file refusal: nothing can be edited. */
export class ConfigEditError extends Error {}

/** The keys in the order a step writes them (and the ladder names them). */
const KEYS: readonly (keyof ConfigChange)[] = ['policy', 't', 'subdomainPolicy', 'nonexistentSubdomainPolicy'];

interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

class StepRefused extends Error {}

export function editConfigText(original: string, json: boolean, steps: readonly ConfigStep[]): EditOutcome {
  const yaml = require('yaml') as typeof import('yaml');
  const bom = original.startsWith('\ufeff') ? '\ufeff' : '';
  const withBom = original.slice(bom.length);
  const crlf = lineEndings(withBom);
  const text = crlf ? withBom.replace(/\r\n/g, '\n') : withBom;
  const doc = yaml.parseDocument(text, { keepSourceTokens: false, uniqueKeys: true });
  if (doc.errors.length > 0) throw new ConfigEditError(`the config cannot be edited: ${doc.errors[0]!.message.split('\n')[0]}`);
  const anchorsInUse = new Set<string>();
  yaml.visit(doc, { Alias: (_, alias) => void anchorsInUse.add(alias.source) });
  const edits: TextEdit[] = [];
  const applied: ConfigStep[] = [];
  const refused: { step: ConfigStep; reason: string }[] = [];
  for (const step of steps) {
    try {
      edits.push(...stepEdits(yaml, doc, text, json, step, anchorsInUse));
      applied.push(step);
    } catch (e) {
      if (!(e instanceof StepRefused)) throw e;
      refused.push({ step, reason: e.message });
    }
  }
  let edited = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) edited = edited.slice(0, edit.start) + edit.text + edited.slice(edit.end);
  checkResult(yaml, doc, edited, json, applied);
  return { text: bom + (crlf ? edited.replace(/\n/g, '\r\n') : edited), applied, refused };
}

/** True for CRLF throughout, false for LF; mixed endings (or a lone CR) are refused: an edit would have to pick one. */
function lineEndings(text: string): boolean {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length;
  const cr = (text.match(/\r/g) ?? []).length;
  if (cr !== crlf) throw new ConfigEditError('the config has carriage returns that do not end lines: save it with LF or CRLF line endings');
  if (crlf > 0 && crlf !== lf) throw new ConfigEditError(`the config mixes CRLF and LF line endings (${crlf} and ${lf - crlf}): save it with one kind`);
  return crlf > 0;
}

function stepEdits(yaml: typeof import('yaml'), doc: Document, text: string, json: boolean, step: ConfigStep, anchorsInUse: ReadonlySet<string>): TextEdit[] {
  const where = `institutions[${step.index}] (${step.code})`;
  const shared = (node: YamlNode, what: string) => {
    if (yaml.isAlias(node)) throw new StepRefused(`${where}: ${what} is an alias (*${node.source}) of a node others share; the step cannot be written for this institution alone: write it out in full`);
    if (node.anchor !== undefined && anchorsInUse.has(node.anchor)) throw new StepRefused(`${where}: ${what} is anchored (&${node.anchor}) and used by aliases; editing it would change every place that uses it: write it out in full`);
  };
  if (!yaml.isMap(doc.contents)) throw new StepRefused(`${where}: the config is not a map`);
  const list = doc.contents.get('institutions', true) as YamlNode | undefined;
  if (list === undefined || !yaml.isNode(list)) throw new StepRefused(`${where}: the config has no institutions list`);
  shared(list, 'the institutions list');
  if (!yaml.isSeq(list)) throw new StepRefused(`${where}: institutions is not a list`);
  const entry = list.items[step.index] as YamlNode | undefined;
  if (entry === undefined || !yaml.isNode(entry)) throw new StepRefused(`${where}: the file has no such entry any more (it changed since it was read)`);
  shared(entry, 'the entry');
  if (!yaml.isMap(entry)) throw new StepRefused(`${where}: the entry is not a map`);
  const code = entry.get('code');
  if (typeof code !== 'string' || code.trim().toLowerCase() !== step.code) throw new StepRefused(`${where}: the entry's code is ${JSON.stringify(code)} now (the file changed since it was read)`);
  const values = KEYS.filter((k) => step.change[k] !== undefined).map((k) => [k, step.change[k]!] as const);
  const dmarcPair = findPair(yaml, entry, 'dmarc');
  if (dmarcPair === undefined) return [insertPairs(text, entry, json, [['dmarc', values]])];
  const dmarc = dmarcPair.value as YamlNode | null;
  if (dmarc === null || !yaml.isNode(dmarc)) throw new StepRefused(`${where}: its dmarc key has no value`);
  shared(dmarc, 'its dmarc map');
  if (!yaml.isMap(dmarc)) throw new StepRefused(`${where}: its dmarc is not a map`);
  const edits: TextEdit[] = [];
  const missing: [string, string | boolean][] = [];
  for (const [key, value] of values) {
    const pair = findPair(yaml, dmarc, key);
    if (pair === undefined) {
      missing.push([key, value]);
      continue;
    }
    const node = pair.value as YamlNode | null;
    if (node === null || !yaml.isNode(node)) throw new StepRefused(`${where}: dmarc.${key} has no value`);
    shared(node, `dmarc.${key}`);
    if (!yaml.isScalar(node) || node.range === undefined || node.range === null) throw new StepRefused(`${where}: dmarc.${key} is not a single value`);
    edits.push({ start: node.range[0], end: node.range[1], text: scalarText(node, value, json, `${where}: dmarc.${key}`) });
  }
  if (missing.length) edits.push(insertPairs(text, dmarc, json, missing, 'policy'));
  return edits;
}

function findPair(yaml: typeof import('yaml'), map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => (yaml.isScalar(p.key) ? p.key.value === key : p.key === key)) as Pair | undefined;
}

/** The new value in the style of the one it replaces: plain, single- or double-quoted; a boolean is always plain. */
function scalarText(node: Scalar, value: string | boolean, json: boolean, what: string): string {
  if (typeof value === 'boolean') return String(value);
  switch (node.type) {
    case 'QUOTE_DOUBLE':
      return JSON.stringify(value);
    case 'QUOTE_SINGLE':
      return `'${value}'`;
    case 'PLAIN':
      return json ? JSON.stringify(value) : value;
    default:
      throw new StepRefused(`${what} is written as a block scalar; write it as a plain value to let the step edit it`);
  }
}

type NewValue = string | boolean | readonly (readonly [string, NewValue])[];

/**
 * New pairs in a map, after the pair named `after` (else after its last pair), in the map's own style: a line each
 * at the keys' indentation in a block map, `, key: value` in a flow map on one line, a line each in a flow map or
 * JSON object written over several lines. A nested value (a new `dmarc`) is written in the same style one level in.
 */
function insertPairs(text: string, map: YAMLMap, json: boolean, pairs: readonly (readonly [string, NewValue])[], after?: string): TextEdit {
  const items = map.items as Pair<Scalar, YamlNode>[];
  const anchor = items.find((p) => p.key?.value === after) ?? items[items.length - 1];
  const keyText = (k: string) => (json ? JSON.stringify(k) : k);
  const flowValue = (v: NewValue): string =>
    typeof v === 'object' ? `{ ${v.map(([k, x]) => `${keyText(k)}: ${flowValue(x)}`).join(', ')} }` : typeof v === 'boolean' ? String(v) : json ? JSON.stringify(v) : v;
  if (!anchor || !anchor.key?.range || !anchor.value?.range) {
    // An empty flow map `{}`: its content is the new pairs.
    const range = map.range!;
    return { start: range[0], end: range[1], text: flowValue(pairs) };
  }
  const keyStart = anchor.key.range[0];
  // The anchor key's own indentation, as written (spaces, or tabs in JSON).
  const pad = text.slice(lineStart(text, keyStart), keyStart);
  const valueEnd = anchor.value.range[1];
  if (!map.flow) {
    // After the anchor pair's last line (its value may be a nested block), at the keys' indentation.
    const end = anchor.value.range[2];
    const at = text[end - 1] === '\n' ? end : nextLineStart(text, end);
    const lines = pairs.map(([k, v]) => blockPair(k, v, pad, json)).join('');
    return { start: at, end: at, text: at > text.length - 1 && !text.endsWith('\n') ? `\n${lines.replace(/\n$/, '')}` : lines };
  }
  // A flow map on one line, or whose anchor key shares a line with something else: `, key: value` after its value.
  if (!/^[ \t]*$/.test(pad) || lineStart(text, keyStart) === lineStart(text, map.range![0])) {
    return { start: valueEnd, end: valueEnd, text: pairs.map(([k, v]) => `, ${keyText(k)}: ${flowValue(v)}`).join('') };
  }
  // Over several lines (pretty JSON): a line each at the key's indentation; a nested map one step in, the step being
  // what the keys have more than the line that opens the map.
  const outer = leadingSpace(text, map.range![0]);
  const step = pad.startsWith(outer) && pad.length > outer.length ? pad.slice(outer.length) : '  ';
  const nested = (v: NewValue, level: string): string =>
    typeof v === 'object' ? `{\n${v.map(([k, x]) => `${level}${step}${keyText(k)}: ${nested(x, level + step)}`).join(',\n')}\n${level}}` : flowValue(v);
  return { start: valueEnd, end: valueEnd, text: pairs.map(([k, v]) => `,\n${pad}${keyText(k)}: ${nested(v, pad)}`).join('') };
}

function blockPair(key: string, value: NewValue, pad: string, json: boolean): string {
  if (typeof value !== 'object') return `${pad}${key}: ${typeof value === 'boolean' ? String(value) : json ? JSON.stringify(value) : value}\n`;
  return `${pad}${key}:\n${value.map(([k, v]) => blockPair(k, v, `${pad}  `, json)).join('')}`;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The spaces and tabs that start the line of `offset`. */
function leadingSpace(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];
}

/** The edited text, read again, is the original data with exactly the applied steps' keys changed; else a bug: refuse. */
function checkResult(yaml: typeof import('yaml'), before: Document, edited: string, json: boolean, applied: readonly ConfigStep[]): void {
  const after = yaml.parseDocument(edited, { uniqueKeys: true });
  if (after.errors.length > 0) throw new ConfigEditError(`the edit would make YAML that cannot be read (${after.errors[0]!.message.split('\n')[0]}); nothing was written`);
  if (json) {
    try {
      JSON.parse(edited);
    } catch (e) {
      throw new ConfigEditError(`the edit would make JSON that cannot be read (${(e as Error).message}); nothing was written`);
    }
  }
  const expected = before.toJS({ maxAliasCount: 10_000 }) as { institutions: Record<string, unknown>[] };
  for (const step of applied) {
    const entry = expected.institutions[step.index]!;
    const dmarc = { ...((entry.dmarc as Record<string, unknown> | undefined) ?? {}) };
    for (const key of KEYS) if (step.change[key] !== undefined) dmarc[key] = step.change[key];
    entry.dmarc = dmarc;
  }
  if (!isDeepStrictEqual(after.toJS({ maxAliasCount: 10_000 }), expected)) throw new ConfigEditError('the edited config would hold other changes than the steps (a bug: please report it); nothing was written');
}
