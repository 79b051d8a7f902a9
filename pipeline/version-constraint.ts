/**
 * Terraform version constraints (`>= 5.100, < 7`, `~> 5.14`), enough to tell whether a locked provider version is one
 * the configuration accepts before terraform is started: `terraform init -lockfile=readonly` refuses such a version
 * with advice (`terraform init -upgrade`) that is wrong here, where the lock file is refreshed by `email-auth lock`.
 * @see https://developer.hashicorp.com/terraform/language/expressions/version-constraints
 */

type Version = readonly [number, number, number];

const PART = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?\s*$/;

/**
 * Whether `version` (`5.100.0`) meets `constraint`; undefined when either is outside what this checks (pre-releases,
 * unusual syntax): terraform then decides on its own.
 */
export function satisfies(version: string, constraint: string): boolean | undefined {
  const v = /^([0-9]+)\.([0-9]+)\.([0-9]+)$/.exec(version);
  if (!v) return undefined;
  const have: Version = [Number(v[1]), Number(v[2]), Number(v[3])];
  const parts = constraint.split(',');
  let all = true;
  for (const part of parts) {
    const m = PART.exec(part);
    if (!m) return undefined;
    const [, op = '=', major, minor, patch] = m;
    const given = [major, minor, patch].filter((x) => x !== undefined).length;
    const want: Version = [Number(major), Number(minor ?? 0), Number(patch ?? 0)];
    all &&= meets(have, op, want, given);
  }
  return all;
}

function meets(have: Version, op: string, want: Version, given: number): boolean {
  const c = compare(have, want);
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    default: {
      // `~>`: only the rightmost given part may grow (`~> 5.14` is >= 5.14, < 6; `~> 5.14.1` is >= 5.14.1, < 5.15).
      if (c < 0) return false;
      const fixed = Math.max(1, given - 1);
      return have.slice(0, fixed).every((n, i) => n === want[i]);
    }
  }
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
