// The configuration snapshot inside a saved plan (a zip archive): read with bounds, compared byte for byte with the
// trusted stack's files. The plan file comes from a CI artifact, so every malformed archive is a named refusal.
import { zipSync } from 'fflate';
import { planConfigurationFiles, PlanSnapshotError, snapshotDifferences } from '../../pipeline/plan-snapshot';

const text = (s: string) => Buffer.from(s, 'utf8');
const CDK = text('{"resource":{}}\n');
const ROOT_ONLY = text('[{"Key":"","Dir":"."}]');

/** A plan file as terraform writes one (the entries that matter here), with `extra` entries added or replaced. */
function planFile(extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({
    tfplan: text('protobuf'),
    tfstate: text('{}'),
    'tfstate-prev': text('{}'),
    'tfconfig/m-/cdk.tf.json': CDK,
    'tfconfig/modules.json': ROOT_ONLY,
    '.terraform.lock.hcl': text('# lock'),
    ...extra,
  });
}

/** The same archive with one entry name replaced by another of the same length, in every header. */
function renamed(zip: Uint8Array, from: string, to: string): Uint8Array {
  const bytes = Buffer.from(zip);
  let at = bytes.indexOf(from);
  while (at >= 0) {
    bytes.write(to, at, 'latin1');
    at = bytes.indexOf(from, at + 1);
  }
  return bytes;
}

const refusal = (bytes: Uint8Array, limits?: { entries: number; configBytes: number }) => {
  try {
    planConfigurationFiles(bytes, limits);
  } catch (e) {
    expect(e).toBeInstanceOf(PlanSnapshotError);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('planConfigurationFiles', () => {
  it('the root module\'s files, by name, and nothing else of the plan', () => {
    const files = planConfigurationFiles(planFile({ 'tfconfig/m-/test_override.tf.json': text('{}') }));
    expect([...files.keys()].sort()).toEqual(['cdk.tf.json', 'test_override.tf.json']);
    expect(Buffer.from(files.get('cdk.tf.json')!).equals(CDK)).toBe(true);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['JSON instead of a plan', text('{"format_version":"1.2"}'), /^is not a saved plan \(not a zip archive\)$/],
    ['a zip cut short', planFile().subarray(0, 60), /^is not a valid zip archive$/],
    ['no modules.json', zipSync({ 'tfconfig/m-/cdk.tf.json': CDK }), /has no configuration snapshot of a single root module/],
    ['a module listed', planFile({ 'tfconfig/modules.json': text('[{"Key":"","Dir":"."},{"Key":"m","Dir":"m"}]') }), /of a single root module/],
    ['a module\'s files', planFile({ 'tfconfig/m-m/main.tf': text('') }), /holds configuration outside the root module \("tfconfig\/m-m\/main\.tf"\): synth writes no module/],
    ['a path in the root module', planFile({ 'tfconfig/m-/sub/x.tf.json': text('{}') }), /outside the root module \("tfconfig\/m-\/sub\/x\.tf\.json"\)/],
    ['two entries of one name', renamed(planFile({ 'tfconfig/m-/cdk.tf.jsoX': text('{"other":1}') }), 'cdk.tf.jsoX', 'cdk.tf.json'), /^has two entries named "tfconfig\/m-\/cdk\.tf\.json"$/],
  ])('refuses %s', (_what, bytes, message) => {
    expect(refusal(bytes)).toMatch(message);
  });

  it('refuses more entries, or more configuration, than its bounds, before inflating anything', () => {
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`junk/${i}`, text('x')]));
    expect(refusal(planFile(many))).toBe('has more than 64 entries');
    const big = planFile({ 'tfconfig/m-/big.tf.json': new Uint8Array(2048) });
    expect(refusal(big, { entries: 64, configBytes: 1024 })).toBe('holds more than 1024 bytes of configuration');
  });
});

describe('snapshotDifferences', () => {
  const trusted = new Map([['cdk.tf.json', CDK]]);
  it('the same files, byte for byte: none', () => {
    expect(snapshotDifferences(planConfigurationFiles(planFile()), trusted)).toEqual([]);
  });

  it('names each file that differs, is missing, or is in the plan only', () => {
    const snapshot = planConfigurationFiles(planFile({ 'tfconfig/m-/cdk.tf.json': text('{"resource":{"terraform_data":{}}}'), 'tfconfig/m-/evil_override.tf.json': text('{}') }));
    expect(snapshotDifferences(snapshot, new Map([...trusted, ['test_override.tf.json', text('{}')]]))).toEqual([
      '"evil_override.tf.json" is in the plan\'s configuration only',
      'cdk.tf.json differs',
      'test_override.tf.json is not in the plan\'s configuration',
    ]);
    // One byte (a trailing newline) is a difference: the comparison is of bytes, not of meaning.
    expect(snapshotDifferences(planConfigurationFiles(planFile({ 'tfconfig/m-/cdk.tf.json': text('{"resource":{}}') })), trusted)).toEqual(['cdk.tf.json differs']);
  });
});
