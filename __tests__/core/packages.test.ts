// Which core and AWS binding run, from what is installed, and the one error naming what to install: every
// combination of the two cores, their AWS bindings and constructs, without installing any of them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseFamily, CORE_FAMILIES, CoreFamily, coreProblem } from '../../core/packages';
import { MissingPeerDependencyError } from '../../io/peer-dependency';
import { institutions } from '../../stacks';
import { REPO_ROOT } from '../helpers/repo-root';

const OWN = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
};
const peer = (name: string) => `${name}@${OWN.peerDependencies[name]}`;
const [CDKTN, CDKTF] = CORE_FAMILIES as [CoreFamily, CoreFamily];
const having = (...names: string[]) => (name: string) => names.includes(name);

/** The message requireFamily throws for a problem, built the same way. */
function message(neededBy: string, installed: (name: string) => boolean, needsAws: boolean): string | undefined {
  const problem = coreProblem(chooseFamily(installed), needsAws, installed);
  if (!problem) return undefined;
  const [first, ...rest] = problem.install;
  return new MissingPeerDependencyError(first!, neededBy, { with: rest, ...(problem.reason && { reason: problem.reason }), ...(problem.otherwise && { otherwise: problem.otherwise }) }).message;
}

describe('chooseFamily', () => {
  test.each<[string, string[], CoreFamily | undefined]>([
    ['nothing installed', [], undefined],
    ['cdktn only', ['cdktn'], CDKTN],
    ['cdktf only', ['cdktf'], CDKTF],
    ['cdktn with its AWS binding', ['cdktn', '@cdktn/provider-aws'], CDKTN],
    ['cdktf with its AWS binding', ['cdktf', '@cdktf/provider-aws'], CDKTF],
    ['both cores, no binding: CDK Terrain, the maintained one', ['cdktn', 'cdktf'], CDKTN],
    ['both cores and both bindings: CDK Terrain', ['cdktn', 'cdktf', '@cdktn/provider-aws', '@cdktf/provider-aws'], CDKTN],
    // npm installs cdktf beside @cdktf/provider-aws (its peer): cdktn cannot synthesize that binding's resources.
    ['both cores, only the cdktf binding: cdktf', ['cdktn', 'cdktf', '@cdktf/provider-aws'], CDKTF],
    ['both cores, only the cdktn binding: CDK Terrain', ['cdktn', 'cdktf', '@cdktn/provider-aws'], CDKTN],
    ['cdktn with the cdktf binding but no cdktf: cdktn (the binding cannot load)', ['cdktn', '@cdktf/provider-aws'], CDKTN],
    ['a binding without any core', ['@cdktn/provider-aws'], undefined],
  ])('%s', (_case, installed, expected) => {
    expect(chooseFamily(having(...installed))).toBe(expected);
  });
});

describe('the one error naming what to install', () => {
  test('a complete install of either family needs nothing, for Route53 or not', () => {
    for (const installed of [['cdktn', 'constructs', '@cdktn/provider-aws'], ['cdktf', 'constructs', '@cdktf/provider-aws']]) {
      for (const needsAws of [true, false]) expect(message('x', having(...installed), needsAws)).toBeUndefined();
    }
  });

  test('Cloudflare needs a core and constructs, no binding', () => {
    expect(message('x', having('cdktn', 'constructs'), false)).toBeUndefined();
    expect(message('x', having('cdktf', 'constructs'), false)).toBeUndefined();
  });

  test('no core: CDK Terrain first, with what else is missing, and cdktf as the other way', () => {
    expect(message('email-auth synth', having(), true)).toBe(
      `email-auth synth needs the package cdktn, which is not installed (nor is cdktf): npm install ${peer('cdktn')} ${peer('constructs')} ${peer('@cdktn/provider-aws')} ` +
        `(or, to stay on the archived cdktf: npm install ${peer('cdktf')} ${peer('constructs')} ${peer('@cdktf/provider-aws')})`,
    );
    expect(message('email-auth-dns/cloudflare', having('constructs'), false)).toBe(
      `email-auth-dns/cloudflare needs the package cdktn, which is not installed (nor is cdktf): npm install ${peer('cdktn')} (or, to stay on the archived cdktf: npm install ${peer('cdktf')})`,
    );
  });

  test('no core, with the cdktf binding already there: installing cdktf alone is the other way', () => {
    expect(message('x', having('constructs', '@cdktf/provider-aws'), true)).toBe(
      `x needs the package cdktn, which is not installed (nor is cdktf): npm install ${peer('cdktn')} ${peer('@cdktn/provider-aws')} (or, to stay on the archived cdktf: npm install ${peer('cdktf')})`,
    );
  });

  test('no constructs', () => {
    expect(message('x', having('cdktn', '@cdktn/provider-aws'), true)).toBe(`x needs the package constructs, which is not installed: npm install ${peer('constructs')}`);
  });

  test('Route53 without the binding of the core in use', () => {
    expect(message('provider route53 (institution mosa)', having('cdktn', 'constructs'), true)).toBe(
      `provider route53 (institution mosa) needs the package @cdktn/provider-aws, which is not installed: npm install ${peer('@cdktn/provider-aws')}`,
    );
    expect(message('x', having('cdktf', 'constructs'), true)).toBe(`x needs the package @cdktf/provider-aws, which is not installed: npm install ${peer('@cdktf/provider-aws')}`);
  });

  test('a mix that cannot work: cdktn with only the cdktf binding (and no cdktf) is refused, naming both ways out', () => {
    expect(message('x', having('cdktn', 'constructs', '@cdktf/provider-aws'), true)).toBe(
      `x needs the package @cdktn/provider-aws, which is not installed (@cdktf/provider-aws is, but it runs only with cdktf, which is not installed): ` +
        `npm install ${peer('@cdktn/provider-aws')} (or, to keep @cdktf/provider-aws: npm install ${peer('cdktf')})`,
    );
    expect(message('x', having('cdktf', 'constructs', '@cdktn/provider-aws'), true)).toBe(
      `x needs the package @cdktf/provider-aws, which is not installed (@cdktn/provider-aws is, but it runs only with cdktn, which is not installed): ` +
        `npm install ${peer('@cdktf/provider-aws')} (or, to keep @cdktn/provider-aws: npm install ${peer('cdktn')})`,
    );
  });
});

test('the institutions an error names are a bounded list', () => {
  expect(institutions(['mosa'])).toBe('institution mosa');
  expect(institutions(['a', 'b', 'c', 'd', 'e'])).toBe('institutions a, b, c, d, e');
  expect(institutions(Array.from({ length: 1000 }, (_, i) => `i${i}`))).toBe('institutions i0, i1, i2 and 997 more');
});

test('the error lists every package its command installs', () => {
  const e = new MissingPeerDependencyError('cdktn', 'x', { with: ['constructs', '@cdktn/provider-aws'] });
  expect(e.packages).toEqual(['cdktn', 'constructs', '@cdktn/provider-aws']);
  expect(e.install).toBe(`npm install ${peer('cdktn')} ${peer('constructs')} ${peer('@cdktn/provider-aws')}`);
  expect(new MissingPeerDependencyError('email-auth-no-such-package', 'x').install).toBe('npm install email-auth-no-such-package');
});

describe('peer dependencies', () => {
  test('both cores and both AWS bindings are optional peers; the Cloudflare binding is none', () => {
    for (const f of CORE_FAMILIES) {
      for (const name of [f.core, f.aws]) {
        expect(OWN.peerDependencies[name]).toBeDefined();
        expect(OWN.peerDependenciesMeta[name]).toEqual({ optional: true });
      }
    }
    expect(Object.keys(OWN.peerDependencies).filter((name) => name.includes('cloudflare'))).toEqual([]);
    expect(OWN.peerDependenciesMeta.constructs).toBeUndefined();
  });

  test('the versions the tests install (scripts/tested-cores.js) are in our peer ranges', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tested = require('../../scripts/tested-cores.js').TESTED_CORES as Record<string, string[]>;
    const specs = Object.values(tested).flat();
    expect(specs.map((spec) => spec.replace(/@[^@]+$/, '')).sort()).toEqual(CORE_FAMILIES.flatMap((f) => [f.core, f.aws]).sort());
    for (const spec of specs) {
      const [, name, version] = /^(.+)@(\d+\.\d+\.\d+)$/.exec(spec)!;
      expect({ spec, fits: satisfiesCaret(version!, OWN.peerDependencies[name!]!) }).toEqual({ spec, fits: true });
    }
    expect(satisfiesCaret('0.25.0', '^0.24.0')).toBe(false);
  });

  test.each([
    // What each core and binding asks of constructs (their own peer ranges), at both ends.
    ['cdktn 0.24 and @cdktn/provider-aws 25.7 (>=10.6.0 <10.8.0)', ['10.6.0', '10.7.0']],
    ['cdktf 0.21 and @cdktf/provider-aws 21.22 (^10.4.2)', ['10.6.0', '10.8.1']],
  ])('the constructs range admits what %s accept', (_who, versions) => {
    for (const version of versions) expect(satisfiesCaret(version, OWN.peerDependencies.constructs!)).toBe(true);
  });
});

/** `^MAJOR.MINOR.PATCH`: same major (same minor when the major is 0), and not below. Enough for our package.json. */
function satisfiesCaret(version: string, range: string): boolean {
  const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  if (!m) throw new Error(`not a caret range: ${range}`);
  const [a, b] = [version.split('.').map(Number), m.slice(1).map(Number)];
  if (a[0] !== b[0] || (b[0] === 0 && a[1] !== b[1])) return false;
  return a[1]! > b[1]! || (a[1] === b[1] && a[2]! >= b[2]!);
}
