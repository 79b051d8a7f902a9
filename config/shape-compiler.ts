import { ZodFirstPartyTypeKind, ZodTypeAny } from 'zod';

/**
 * Compiles zod schemas into plain TypeScript checks (config/generated-shape-checks.ts, written by
 * `node scripts/gen-shape-check.js`), so that `check`, `verify` and `synth` validate a valid config without loading
 * zod or running it (zod v3 took ~0.3 s and most of the garbage of a 5,000-institution `check`, BENCHMARKS.md).
 *
 * A compiled check only says yes or no: on yes it returns the value exactly as zod's `safeParse` would (same keys in
 * the same order, defaults filled in, transforms applied); on no it returns `BAD`, and the loader then runs the zod
 * schema itself, whose issues make the messages. So the messages stay zod's, and a compiled check that is out of
 * date or more cautious than zod costs speed, never a wrong verdict (a test compares both on generated configs, and
 * another that the committed file is what this compiler writes today).
 *
 * Input is the parser's output: numbers may be `WrittenNumber`s (config/parse-text.ts), read as their value where
 * the schema takes a number and refused where it takes anything else (as zod sees the number after
 * config/config-tree.ts unwraps it). Every value visited costs one unit of a budget (the config tree's bound on
 * values, which YAML aliases could otherwise multiply): when it runs out, the check says no.
 */

/** A function a schema's `.transform()` calls, and where the generated file imports it from. */
export interface KnownTransform {
  readonly fn: (value: any) => unknown;
  /** Expression the generated code calls: `String`, or a name imported from `from`. */
  readonly name: string;
  readonly from?: string;
}

export interface CompileOptions {
  /** The schemas to export a check for, by the exported name. */
  readonly entries: Readonly<Record<string, ZodTypeAny>>;
  readonly transforms: readonly KnownTransform[];
  /** Object keys the generated checks never accept (they fall back to zod), e.g. keys that look like secrets. */
  readonly refuseKey?: (key: string) => boolean;
  /** Plain values of the schema module the loader needs without loading zod, exported `as const` by these names. */
  readonly constants?: Readonly<Record<string, readonly string[]>>;
  /** Header lines (comments) of the generated file. */
  readonly header: readonly string[];
}

/** Names of Object.prototype: a schema key with one of these names could read an inherited value. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

export function compileShapeChecks(options: CompileOptions): string {
  const bodies = new Map<string, string>(); // body → function name: identical checks are written once
  const functions: string[] = [];
  const imports = new Map<string, Set<string>>();

  const define = (body: string): string => {
    const known = bodies.get(body);
    if (known) return known;
    const name = `c${bodies.size}`;
    bodies.set(body, name);
    functions.push(`function ${name}(v: any): any {\n${body}\n}`);
    return name;
  };

  const transformName = (fn: unknown, where: string): string => {
    const known = options.transforms.find((t) => t.fn === fn);
    if (!known) throw new Error(`${where}: a .transform() the compiler does not know; export it from config/shape-transforms.ts and list it in scripts/gen-shape-check.js`);
    if (known.from) (imports.get(known.from) ?? imports.set(known.from, new Set()).get(known.from)!).add(known.name);
    return known.name;
  };

  /** The name of a function checking `schema`; `where` names it in compiler errors. */
  const compile = (schema: ZodTypeAny, where: string): string => {
    const def = schema._def;
    const kind = def.typeName as ZodFirstPartyTypeKind;
    const lines: string[] = [];
    const spend = '  if (--budget < 0) return BAD;';
    switch (kind) {
      case ZodFirstPartyTypeKind.ZodString: {
        if (def.coerce) throw new Error(`${where}: z.coerce is not supported`);
        lines.push(spend, "  if (typeof v !== 'string') return BAD;");
        for (const check of def.checks) {
          if (check.kind === 'min') lines.push(`  if (v.length < ${check.value}) return BAD;`);
          else if (check.kind === 'max') lines.push(`  if (v.length > ${check.value}) return BAD;`);
          else if (check.kind === 'regex') lines.push(`  if (!${regexLiteral(check.regex)}.test(v)) return BAD;`);
          else throw new Error(`${where}: string check ${check.kind} is not supported`);
        }
        lines.push('  return v;');
        break;
      }
      case ZodFirstPartyTypeKind.ZodNumber: {
        if (def.coerce) throw new Error(`${where}: z.coerce is not supported`);
        lines.push(spend, '  const n = v instanceof WrittenNumber ? v.value : v;', "  if (typeof n !== 'number' || Number.isNaN(n)) return BAD;");
        for (const check of def.checks) {
          if (check.kind === 'int') lines.push('  if (!Number.isInteger(n)) return BAD;');
          else if (check.kind === 'min') lines.push(`  if (n ${check.inclusive ? '<' : '<='} ${check.value}) return BAD;`);
          else if (check.kind === 'max') lines.push(`  if (n ${check.inclusive ? '>' : '>='} ${check.value}) return BAD;`);
          else throw new Error(`${where}: number check ${check.kind} is not supported`);
        }
        lines.push('  return n;');
        break;
      }
      case ZodFirstPartyTypeKind.ZodBoolean:
        lines.push(spend, "  return typeof v === 'boolean' ? v : BAD;");
        break;
      case ZodFirstPartyTypeKind.ZodEnum:
        lines.push(spend, `  return ${(def.values as string[]).map((value) => `v === ${JSON.stringify(value)}`).join(' || ')} ? v : BAD;`);
        break;
      case ZodFirstPartyTypeKind.ZodLiteral:
        if (!['string', 'number', 'boolean'].includes(typeof def.value)) throw new Error(`${where}: literal ${String(def.value)} is not supported`);
        // A WrittenNumber is an object: never equal to a literal, as zod finds a number literal and a string unequal.
        lines.push(spend, `  return v === ${JSON.stringify(def.value)} ? v : BAD;`);
        break;
      case ZodFirstPartyTypeKind.ZodUnknown:
      case ZodFirstPartyTypeKind.ZodAny:
        // Passed through unchecked and unconverted (WrittenNumbers stay): only for values another check reads next.
        lines.push('  return v;');
        break;
      case ZodFirstPartyTypeKind.ZodOptional:
        lines.push(`  return v === undefined ? undefined : ${compile(def.innerType, where)}(v);`);
        break;
      case ZodFirstPartyTypeKind.ZodDefault: {
        const value = def.defaultValue();
        if (value !== null && typeof value === 'object') throw new Error(`${where}: only defaults of plain values are supported`);
        lines.push(`  return ${compile(def.innerType, where)}(v === undefined ? ${JSON.stringify(value)} : v);`);
        break;
      }
      case ZodFirstPartyTypeKind.ZodEffects: {
        if (def.effect.type !== 'transform') throw new Error(`${where}: only .transform() effects are supported (a refinement needs zod's own check)`);
        lines.push(`  const x = ${compile(def.schema, where)}(v);`, `  return x === BAD ? BAD : ${transformName(def.effect.transform, where)}(x);`);
        break;
      }
      case ZodFirstPartyTypeKind.ZodUnion: {
        // zod returns the first alternative that succeeds, in order.
        const options = (def.options as ZodTypeAny[]).map((option, i) => compile(option, `${where}|${i}`));
        lines.push('  let x;', ...options.map((fn) => `  if ((x = ${fn}(v)) !== BAD) return x;`), '  return BAD;');
        break;
      }
      case ZodFirstPartyTypeKind.ZodArray: {
        const item = compile(def.type, `${where}[]`);
        lines.push(spend, '  if (!Array.isArray(v)) return BAD;');
        if (def.minLength) lines.push(`  if (v.length < ${def.minLength.value}) return BAD;`);
        if (def.maxLength) lines.push(`  if (v.length > ${def.maxLength.value}) return BAD;`);
        if (def.exactLength) lines.push(`  if (v.length !== ${def.exactLength.value}) return BAD;`);
        // The list itself when every entry comes out as it went in (no copy); else a new list.
        lines.push(
          '  let out: any[] | undefined;',
          '  for (let i = 0; i < v.length; i++) {',
          `    const x = ${item}(v[i]);`,
          '    if (x === BAD) return BAD;',
          '    if (out) out[i] = x;',
          '    else if (x !== v[i]) {',
          '      out = v.slice(0, i);',
          '      out[i] = x;',
          '    }',
          '  }',
          '  return out ?? v;',
        );
        break;
      }
      case ZodFirstPartyTypeKind.ZodRecord: {
        if (def.keyType._def.typeName !== ZodFirstPartyTypeKind.ZodString || def.keyType._def.checks.length > 0) throw new Error(`${where}: only records with plain string keys are supported`);
        const vt = def.valueType._def.typeName;
        if (vt !== ZodFirstPartyTypeKind.ZodUnknown && vt !== ZodFirstPartyTypeKind.ZodAny) throw new Error(`${where}: only z.record(z.unknown()) is supported`);
        // The map itself, unchecked inside: the caller checks its contents with another compiled check.
        lines.push(spend, '  return isMap(v) ? v : BAD;');
        break;
      }
      case ZodFirstPartyTypeKind.ZodObject: {
        if (def.catchall._def.typeName !== ZodFirstPartyTypeKind.ZodNever) throw new Error(`${where}: .catchall() is not supported`);
        const shape = def.shape() as Record<string, ZodTypeAny>;
        const keys = Object.keys(shape);
        for (const key of keys) if (INHERITED.has(key)) throw new Error(`${where}.${key}: a key named like a property of every object is not supported`);
        const unknownKeys = def.unknownKeys as 'strict' | 'strip' | 'passthrough';
        const accepted = keys.filter((key) => !options.refuseKey?.(key));
        lines.push(spend, '  if (!isMap(v)) return BAD;');
        const fns = keys.map((key) => compile(shape[key]!, `${where}.${key}`));
        if (unknownKeys === 'strict') lines.push(...strictObject(keys, accepted, fns, shape));
        else if (unknownKeys === 'passthrough') lines.push(...passthroughObject(keys, accepted, fns));
        else throw new Error(`${where}: objects that strip unknown keys are not supported (the loader reports them)`);
        break;
      }
      default:
        throw new Error(`${where}: zod type ${kind} is not supported by the compiler; add it to config/shape-compiler.ts`);
    }
    return define(lines.join('\n'));
  };

  const exported = Object.entries(options.entries).map(([name, schema]) => {
    const fn = compile(schema, name);
    return `/** The compiled check of \`${name}\`: the value zod would return, or BAD. */\nexport const ${name}: (value: unknown) => unknown = ${fn};`;
  });

  const importLines = [...imports].sort(([a], [b]) => a.localeCompare(b)).map(([from, names]) => `import { ${[...names].sort().join(', ')} } from '${from}';`);
  return [
    ...options.header.map((line) => `// ${line}`.trimEnd()),
    "import { WrittenNumber } from './parse-text';",
    ...importLines,
    '',
    '/** What a check returns for a value it does not accept; the loader then asks zod for the messages. */',
    "export const BAD: unique symbol = Symbol('not accepted by the compiled check');",
    '',
    'let budget = 0;',
    '',
    '/** Sets how many more values the checks may visit before they say no (the config tree\'s bound). */',
    'export function setShapeCheckBudget(values: number): void {',
    '  budget = values;',
    '}',
    '',
    'function isMap(v: unknown): v is Record<string, unknown> {',
    '  return v !== null && typeof v === \'object\' && !Array.isArray(v) && !(v instanceof WrittenNumber);',
    '}',
    '',
    ...Object.entries(options.constants ?? {}).flatMap(([name, value]) => [`export const ${name} = ${JSON.stringify(value)} as const;`, '']),
    ...functions.flatMap((f) => [f, '']),
    ...exported.flatMap((e) => [e, '']),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}

/**
 * The body of a strict object's check after `isMap`: ONE pass over the keys the object has, calling each key's check
 * on its value right there. The parser's objects have keys in file order and many key sets, so each has its own hidden
 * class and every `v["key"]` is a megamorphic load: the former body (a pass for unknown keys, then a read of EVERY
 * schema key, present or not, then every read again to compare) made 16 + 16 such loads for an institution of 6 keys,
 * and TurboFan spent ~67 ms compiling those functions for 1,000 institutions. The value is the one zod returns: the
 * object itself when its keys come in the schema's order and every value comes out as it went in, else a new object
 * in the schema's order. A key with no value is checked after the pass, as zod checks it (`undefined`: a default, or
 * required), unless its check is known to give `undefined` for it and to spend nothing (optional, unknown).
 * for-in, not Object.keys: V8 then loads `v[k]` by the object's enum cache (the parser's objects are plain data, own
 * enumerable keys only, so both list the same keys). Measured (callgrind, `check`): 1,000 institutions 1.88 -> 1.84 G
 * instructions, 5,000 4.20 -> 4.14 G. A shared table-driven loop for every object (one TurboFan compile, no inlining)
 * was cheaper at 1,000 (1.81 G) but dearer at 5,000 (4.24 G), where the inlined per-object checks pay for their compile.
 */
function strictObject(keys: readonly string[], accepted: readonly string[], fns: readonly string[], shape: Record<string, ZodTypeAny>): string[] {
  const at = (key: string) => keys.indexOf(key);
  const lenient = (key: string) => [ZodFirstPartyTypeKind.ZodOptional, ZodFirstPartyTypeKind.ZodUnknown, ZodFirstPartyTypeKind.ZodAny].includes(shape[key]!._def.typeName);
  // x<i>: the checked value of key i. A key that must be checked even when absent starts at BAD: a present key whose
  // check says BAD returns at once, so BAD after the pass means "absent".
  const lines = accepted.map((key) => `  let x${at(key)}: any${lenient(key) ? '' : ' = BAD'};`);
  lines.push('  let same = true;', '  let last = -1;', '  for (const k in v) {', '    const y = v[k];', '    let x: any;', '    let at: number;', '    switch (k) {');
  // A key refused (one that looks like a credential) is not a case: it is left to zod, as an unknown key is.
  for (const key of accepted) lines.push(`      case ${JSON.stringify(key)}:`, `        x = x${at(key)} = ${fns[at(key)]}(y);`, `        at = ${at(key)};`, '        break;');
  lines.push('      default:', '        return BAD;', '    }', '    if (x === BAD) return BAD;', '    if (x !== y || at < last) same = false;', '    last = at;', '  }');
  for (const key of accepted.filter((k) => !lenient(k))) {
    const x = `x${at(key)}`;
    lines.push(`  if (${x} === BAD) {`, `    if ((${x} = ${fns[at(key)]}(undefined)) === BAD) return BAD;`, `    if (${x} !== undefined) same = false;`, '  }');
  }
  lines.push('  if (same) return v;', '  const o: any = {};');
  // zod keeps a key the input has even when its value comes out undefined, and drops an absent one.
  for (const key of accepted) lines.push(`  if (x${at(key)} !== undefined || ${JSON.stringify(key)} in v) o[${JSON.stringify(key)}] = x${at(key)};`);
  lines.push('  return o;');
  return lines;
}

/**
 * The body of a `.passthrough()` object's check after `isMap` (backendType: one small object per file, not hot): every
 * schema key read and checked, then a new object with the shape's keys in order and the unknown keys after them.
 */
function passthroughObject(keys: readonly string[], accepted: readonly string[], fns: readonly string[]): string[] {
  const lines = ['  const inOrder = false;'];
  for (const key of keys) {
    if (!accepted.includes(key)) lines.push(`  if (${JSON.stringify(key)} in v) return BAD;`);
  }
  const checked = keys.filter((key) => accepted.includes(key));
  lines.push(...checked.map((key, i) => `  const x${i} = ${fns[keys.indexOf(key)]}(v[${JSON.stringify(key)}]);`));
  lines.push(`  if (${checked.map((_, i) => `x${i} === BAD`).join(' || ') || 'false'}) return BAD;`);
  lines.push(`  if (inOrder && ${checked.map((key, i) => `x${i} === v[${JSON.stringify(key)}]`).join(' && ') || 'true'}) return v;`);
  lines.push('  const o: any = {};');
  // zod keeps a key the input has even when its value comes out undefined, and drops an absent one.
  checked.forEach((key, i) => lines.push(`  if (x${i} !== undefined || ${JSON.stringify(key)} in v) o[${JSON.stringify(key)}] = x${i};`));
  // Unknown keys come through as they are, after the shape's keys, as zod passes them; the caller checks them.
  // A `__proto__` key is refused: zod drops it, the config tree reports it, and assigned here it would
  // replace the object's prototype.
  lines.push('  for (const k of Object.keys(v)) {', "    if (k === '__proto__') return BAD;", `    if (!${JSON.stringify(keys)}.includes(k)) o[k] = v[k];`, '  }');
  lines.push('  return o;');
  return lines;
}

/** A regular expression as a literal the generated code can hold: its source and flags, as zod tests it. */
function regexLiteral(regex: RegExp): string {
  if (regex.global || regex.sticky) throw new Error(`regex ${regex} is global or sticky: its lastIndex would carry over between values`);
  return `/${regex.source}/${regex.flags}`;
}
