// Issue 20: the compiled shape checks (config/generated-shape-checks.ts) take a valid config instead of zod. They must
// say yes exactly where zod does, with the same value, and the committed file must be what the compiler writes today.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ZodFirstPartyTypeKind, ZodTypeAny } from 'zod';
import { compiledShapes } from '../../config/compiled-shapes';
import { MAX_CONFIG_VALUES, toConfigTree } from '../../config/config-tree';
import { validateShapes } from '../../config/load';
import { WrittenNumber } from '../../config/parse-text';
import { BACKEND_TYPES, backendShapes, backendType, configFile, partialInstitution, REQUIRED_INSTITUTION_KEYS, reportCollector } from '../../config/schema';
import { looksLikeSecret } from '../../config/secrets';
import * as compiled from '../../config/generated-shape-checks';
import { compileShapeChecks } from '../../config/shape-compiler';
import { SHAPE_CHECK_FILE, shapeCheckSource } from '../../config/shape-check-source';
import { zodShapes } from '../../config/zod-shapes';
import { Problems } from '../../model/problems';
import { REPO_ROOT } from '../helpers/repo-root';

/** A value with its objects as [key, value] pairs: equal only with the same keys in the same order (zod's order). */
function ordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ordered);
  if (value !== null && typeof value === 'object') return Object.keys(value).map((k) => [k, ordered((value as Record<string, unknown>)[k])]);
  return value;
}

/** What zod says of `raw` after the config tree (numbers unwrapped), as the loader's zod path asks it. */
function zodVerdict(schema: ZodTypeAny, raw: unknown): { ok: true; value: unknown } | { ok: false } {
  const problems = new Problems();
  const tree = toConfigTree(raw, problems);
  // The tree reports a `__proto__` key (and leaves it out): the loader stops there.
  if (!tree || problems.hasErrors) return { ok: false };
  const result = schema.safeParse(tree.value);
  return result.success ? { ok: true, value: result.data } : { ok: false };
}

function compiledVerdict(check: (v: unknown) => unknown, raw: unknown): { ok: true; value: unknown } | { ok: false } {
  compiled.setShapeCheckBudget(MAX_CONFIG_VALUES);
  const value = check(raw);
  return value === compiled.BAD ? { ok: false } : { ok: true, value };
}

/** Anything a parser could give, now and then in place of a valid value. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', 'x', '0815', 'yes', 'route53 ', 'ZABC'),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  fc.dictionary(fc.constantFrom('a', 'type', 'code', 'token', '__proto__', 'constructor'), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);

/** A number as YAML gives it: plain, or wrapped with the text the file wrote. */
const asParsed = (n: number) => fc.constantFrom<unknown>(n, new WrittenNumber(n, String(n)), new WrittenNumber(n, `0${n}`));

/**
 * Values for a schema, mostly valid (drawn from the schema itself, so a key added to config/schema.ts is generated
 * too), sometimes with junk in place of a value, an unknown or secret-looking key, or keys out of the schema's order;
 * `odd` divides how often.
 */
function arbitraryOf(schema: ZodTypeAny, depth = 0, odd = 1): fc.Arbitrary<unknown> {
  const inner = (s: ZodTypeAny, d = depth) => arbitraryOf(s, d, odd);
  const def = schema._def;
  const valid = ((): fc.Arbitrary<unknown> => {
    switch (def.typeName as ZodFirstPartyTypeKind) {
      case ZodFirstPartyTypeKind.ZodString: {
        const regex = def.checks.find((c: { kind: string }) => c.kind === 'regex')?.regex as RegExp | undefined;
        const min = def.checks.find((c: { kind: string }) => c.kind === 'min')?.value ?? 0;
        // Without `i`: lowercase matches match the case-insensitive pattern too.
        return regex ? fc.stringMatching(new RegExp(regex.source)) : fc.string({ minLength: min, maxLength: 12 });
      }
      case ZodFirstPartyTypeKind.ZodNumber: {
        const int = def.checks.some((c: { kind: string }) => c.kind === 'int');
        const min = def.checks.find((c: { kind: string }) => c.kind === 'min')?.value ?? -5;
        const max = def.checks.find((c: { kind: string }) => c.kind === 'max')?.value ?? 100_000;
        return (int ? fc.integer({ min, max }) : fc.oneof({ weight: 20, arbitrary: fc.double({ min, max, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(Infinity, -Infinity, NaN) })).chain(asParsed);
      }
      case ZodFirstPartyTypeKind.ZodBoolean:
        return fc.boolean();
      case ZodFirstPartyTypeKind.ZodEnum:
        return fc.constantFrom(...(def.values as string[]));
      case ZodFirstPartyTypeKind.ZodLiteral:
        return fc.constant(def.value);
      case ZodFirstPartyTypeKind.ZodOptional:
        return fc.option(inner(def.innerType), { nil: undefined });
      case ZodFirstPartyTypeKind.ZodDefault:
        return fc.option(inner(def.innerType), { nil: undefined });
      case ZodFirstPartyTypeKind.ZodEffects:
        return inner(def.schema);
      case ZodFirstPartyTypeKind.ZodUnion:
        return fc.oneof(...(def.options as ZodTypeAny[]).map((o) => inner(o)));
      case ZodFirstPartyTypeKind.ZodArray:
        return fc.array(inner(def.type, depth + 1), { minLength: def.minLength?.value ?? 0, maxLength: 3 });
      case ZodFirstPartyTypeKind.ZodObject: {
        const shape = def.shape() as Record<string, ZodTypeAny>;
        const fields = Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, inner(s, depth + 1)]));
        const optional = (s: ZodTypeAny) => [ZodFirstPartyTypeKind.ZodOptional, ZodFirstPartyTypeKind.ZodDefault].includes(s._def.typeName);
        // Required keys mostly present; now and then one left out (junk's way of being wrong).
        const required = Object.entries(shape).filter(([, s]) => !optional(s)).map(([k]) => k);
        return fc
          .tuple(
            fc.oneof({ weight: 20 * odd, arbitrary: fc.record(fields, { requiredKeys: required }) }, { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) }),
            fc.oneof({ weight: 12 * odd, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('extra', 'apiToken', 'password', '__proto__', 'polcy') }),
            fc.boolean(),
          )
          .map(([record, extraKey, reversed]) => {
            // Absent optional values are left out, as a parser never writes a key without a value.
            const entries = Object.entries(record).filter(([, v]) => v !== undefined);
            if (reversed) entries.reverse();
            const out: Record<string, unknown> = {};
            for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
            if (extraKey) Object.defineProperty(out, extraKey, { value: 'x', enumerable: true, writable: true, configurable: true });
            return out;
          });
      }
      default:
        throw new Error(`no arbitrary for ${def.typeName}`);
    }
  })();
  return depth > 4 ? valid : fc.oneof({ weight: 14 * odd, arbitrary: valid }, { weight: 1, arbitrary: junk });
}

/** Every key of every object of `schema`, at any depth (keys the stirring may add to any object). */
function schemaKeys(schema: ZodTypeAny, into: Record<string, true> = {}): Record<string, true> {
  const def = schema._def;
  if (def.typeName === ZodFirstPartyTypeKind.ZodObject) {
    for (const [key, inner] of Object.entries(def.shape() as Record<string, ZodTypeAny>)) {
      into[key] = true;
      schemaKeys(inner, into);
    }
  }
  for (const inner of [def.innerType, def.schema, def.type, ...(def.options ?? [])]) if (inner) schemaKeys(inner, into);
  return into;
}

/**
 * `value` with every object (at any depth) rebuilt by a PRNG seeded with `seed`: its keys shuffled, and now and then
 * a key dropped, a known key given no value (`undefined`), or an unknown key added.
 */
function stirred(value: unknown, seed: number, known: readonly string[]): unknown {
  let state = seed >>> 0 || 1;
  const random = (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const stir = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(stir);
    if (v === null || typeof v !== 'object' || v instanceof WrittenNumber) return v;
    const entries: [string, unknown][] = Object.keys(v).map((k) => [k, stir((v as Record<string, unknown>)[k])]);
    for (let i = entries.length - 1; i > 0; i--) {
      const j = random(i + 1);
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    if (entries.length > 0 && random(6) === 0) entries.splice(random(entries.length), 1);
    if (random(20) === 0) entries.splice(random(entries.length + 1), 0, [known[random(known.length)]!, undefined]);
    if (random(30) === 0) entries.splice(random(entries.length + 1), 0, ['polcy', 'x']);
    const out: Record<string, unknown> = {};
    for (const [k, x] of entries) Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    return out;
  };
  return stir(value);
}

describe('compiled shape checks', () => {
  test(`${SHAPE_CHECK_FILE} is what the compiler writes for config/schema.ts today (else run: node scripts/gen-shape-check.js)`, () => {
    expect(readFileSync(join(REPO_ROOT, SHAPE_CHECK_FILE), 'utf8')).toBe(shapeCheckSource());
  });

  test('the constants the loader reads without zod are the schema module\'s', () => {
    expect(compiled.REQUIRED_INSTITUTION_KEYS).toEqual(REQUIRED_INSTITUTION_KEYS);
    expect(compiled.BACKEND_TYPES).toEqual(BACKEND_TYPES);
  });

  const entries: [string, ZodTypeAny, (v: unknown) => unknown][] = [
    ['partialInstitution', partialInstitution, compiled.partialInstitution],
    ['reportCollector', reportCollector, compiled.reportCollector],
    ['backendType', backendType, compiled.backendType],
    ['backendLocal', backendShapes.local, compiled.backendLocal],
    ['backendS3', backendShapes.s3, compiled.backendS3],
    ['backendCloud', backendShapes.cloud, compiled.backendCloud],
  ];

  test.each(entries)('%s: yes exactly where zod says yes, with the same value, keys in the same order', (_name, schema, check) => {
    let accepted = 0;
    fc.assert(
      fc.property(arbitraryOf(schema, 0, 4), (raw) => {
        const ours = compiledVerdict(check, raw);
        const zods = zodVerdict(schema, raw);
        expect(ours.ok).toBe(zods.ok);
        if (ours.ok && zods.ok) {
          accepted++;
          expect(ordered(ours.value)).toStrictEqual(ordered(zods.value));
        }
      }),
      { numRuns: 300 },
    );
    // The generator is meant to make mostly valid values: a property that only ever saw refusals would prove little.
    expect(accepted).toBeGreaterThan(40);
  });

  // The compiled objects walk the keys an object has, once, in its own order (config/shape-compiler.ts): here every
  // object at every depth is reshuffled, loses a key, gains a key with no value or an unknown one.
  test.each(entries)('%s: the same verdict and value as zod with keys in any order, keys missing, keys without a value, unknown keys', (_name, schema, check) => {
    let accepted = 0;
    let rebuilt = 0;
    fc.assert(
      fc.property(arbitraryOf(schema, 0, 12), fc.integer(), (generated, seed) => {
        const raw = stirred(generated, seed, Object.keys(schemaKeys(schema)));
        const ours = compiledVerdict(check, raw);
        const zods = zodVerdict(schema, raw);
        expect(ours.ok).toBe(zods.ok);
        if (ours.ok && zods.ok) {
          accepted++;
          if (ours.value !== raw) rebuilt++;
          expect(ordered(ours.value)).toStrictEqual(ordered(zods.value));
        }
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(40);
    // Objects rebuilt in the schema's order, not only objects passed through (backendLocal has one key: nothing to order).
    if (Object.keys(schemaKeys(schema)).length > 1) expect(rebuilt).toBeGreaterThan(10);
  });

  test('whole configs: the loader gives the same config, problems and codes through the compiled checks as through zod', () => {
    const config = fc.record(
      {
        defaults: fc.option(arbitraryOf(partialInstitution, 0, 30), { nil: undefined }),
        institutions: fc.array(arbitraryOf(partialInstitution, 0, 30), { minLength: 1, maxLength: 3 }),
        reportAuthorizations: fc.array(arbitraryOf(reportCollector, 0, 30), { maxLength: 2 }),
      },
      { requiredKeys: ['institutions'] },
    );
    let fast = 0;
    fc.assert(
      fc.property(config, (raw) => {
        const shapes = compiledShapes(raw);
        const zodProblems = new Problems();
        const slow = validateShapes(zodShapes(raw, zodProblems), zodProblems);
        if (!shapes) {
          expect(slow.config).toBeUndefined();
          return;
        }
        fast++;
        expect(validateShapes(shapes, new Problems())).toStrictEqual(slow);
      }),
      { numRuns: 150 },
    );
    expect(fast).toBeGreaterThan(40);
  });

  test('a valid object comes back as it is (no copy); one with keys out of the schema\'s order comes back in zod\'s order', () => {
    compiled.setShapeCheckBudget(MAX_CONFIG_VALUES);
    const inOrder = { code: 'mosa', domain: 'mosamuseum.com', provider: 'route53', spf: { mechanisms: ['a'] } };
    expect(compiled.partialInstitution(inOrder)).toBe(inOrder);
    const reversed = { provider: 'route53', code: 'mosa' };
    const result = compiled.partialInstitution(reversed);
    expect(result).not.toBe(reversed);
    expect(Object.keys(result as object)).toEqual(['code', 'provider']);
  });

  test('numbers as YAML writes them are read as numbers where the schema takes one, and refused where it takes text', () => {
    compiled.setShapeCheckBudget(MAX_CONFIG_VALUES);
    expect(compiled.partialInstitution({ ttl: new WrittenNumber(300, '0300') })).toEqual({ ttl: 300 });
    expect(compiled.partialInstitution({ code: new WrittenNumber(815, '0815') })).toBe(compiled.BAD);
    expect(compiled.partialInstitution({ dmarc: { fo: new WrittenNumber(1, '1') } })).toEqual({ dmarc: { fo: '1' } });
  });

  test('a key that looks like a credential, an unknown key and __proto__ are left to zod (which reports them)', () => {
    compiled.setShapeCheckBudget(MAX_CONFIG_VALUES);
    expect(compiled.partialInstitution({ code: 'a', apiToken: 'x' })).toBe(compiled.BAD);
    expect(compiled.partialInstitution({ code: 'a', polcy: 'x' })).toBe(compiled.BAD);
    expect(compiled.partialInstitution(JSON.parse('{"code":"a","__proto__":{"domain":"evil.example"}}'))).toBe(compiled.BAD);
    expect(Object.prototype).not.toHaveProperty('domain');
  });

  // The loader's message for such a file is hostile.test.ts's (the billion laughs): it comes from zod's path.
  test('the checks stop at the config tree\'s bound on values: aliases that expand past it are refused', () => {
    // One institution of 16 values named 70,000 times, as YAML aliases (`*i`) give it: 1.1 million values.
    const inst = { code: 'a', domain: 'a.example.org', provider: 'route53', zoneId: 'Z1', spf: { mechanisms: ['a', 'mx', 'ip4:192.0.2.1'], all: '-all' }, mx: [{ priority: 10, host: 'mx.a.example.org' }] };
    const raw = { defaults: inst, institutions: Array<unknown>(70_000).fill(inst) };
    expect(compiledShapes(raw)).toBeUndefined();
    expect(compiledShapes({ ...raw, institutions: raw.institutions.slice(0, 50_000) })).toBeDefined(); // 800,000 values
  });

  // The one-pass objects visit each value once, whatever the order of its keys, and a default filled in once: the
  // bound refuses at the same count as before (and as the config tree, which counts every value).
  test.each([
    // the object, code, domain, provider, the mx list, its entry, priority, host
    ['partialInstitution', compiled.partialInstitution, { mx: [{ host: 'mx.a.example.org', priority: 10 }], provider: 'route53', code: 'a', domain: 'a.example.org' }, 8],
    // the object, type, bucket, region, and the defaults of keyPrefix and useLockfile
    ['backendS3', compiled.backendS3, { region: 'eu-central-1', type: 's3', bucket: 'state-bucket' }, 6],
  ] as const)('%s, keys out of order: the budget runs out at the same count of values', (_name, check, value, values) => {
    compiled.setShapeCheckBudget(values - 1);
    expect(check(value)).toBe(compiled.BAD);
    compiled.setShapeCheckBudget(values);
    expect(check(value)).not.toBe(compiled.BAD);
  });

  test('every backend type has its compiled check', () => {
    for (const type of BACKEND_TYPES) expect(typeof (compiled as Record<string, unknown>)[`backend${type[0]!.toUpperCase()}${type.slice(1)}`]).toBe('function');
  });

  test('no key of the schema looks like a credential (the compiled checks would refuse it and the loader report it)', () => {
    const keys = (schema: ZodTypeAny): string[] => {
      const def = schema._def;
      if (def.typeName === ZodFirstPartyTypeKind.ZodObject) return Object.entries(def.shape() as Record<string, ZodTypeAny>).flatMap(([k, s]) => [k, ...keys(s)]);
      const inner = def.innerType ?? def.schema ?? def.type;
      return inner ? keys(inner) : (def.options ?? []).flatMap(keys);
    };
    expect([...keys(configFile), ...keys(partialInstitution), ...keys(reportCollector), ...BACKEND_TYPES.flatMap((t) => keys(backendShapes[t]))].filter(looksLikeSecret)).toEqual([]);
  });

  test('the compiler refuses what it cannot compile faithfully, naming the place', () => {
    const { z } = require('zod') as typeof import('zod');
    const compile = (schema: ZodTypeAny) => compileShapeChecks({ entries: { s: schema }, transforms: [], header: [] });
    expect(() => compile(z.object({ a: z.string().refine((v) => v !== 'x') }).strict())).toThrow(/s\.a: only \.transform\(\) effects/);
    expect(() => compile(z.object({ a: z.string().transform((v) => v.trim()) }).strict())).toThrow(/s\.a: a \.transform\(\) the compiler does not know/);
    expect(() => compile(z.object({ a: z.string().email() }).strict())).toThrow(/string check email is not supported/);
    expect(() => compile(z.object({ toString: z.string() }).strict())).toThrow(/s\.toString: a key named like a property of every object/);
    expect(() => compile(z.object({ a: z.date() }).strict())).toThrow(/zod type ZodDate is not supported/);
    expect(() => compile(z.object({ a: z.string() }))).toThrow(/s: objects that strip unknown keys are not supported/);
  });
});
