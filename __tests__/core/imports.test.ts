// One module resolves the CDK core and its bindings (core/): no other file imports `cdktf`, `cdktn`, `@cdktf/*` or
// `@cdktn/*` by name, so the rest of the code reads the same under both cores. Imports are read with TypeScript's
// parser (import and export declarations, `import()` types, require and import calls), not by text search, so a
// consumer app written into a string by a package test is not mistaken for ours.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { CORE_PACKAGE_PATTERN } from '../../core/packages';
import { REPO_ROOT } from '../helpers/repo-root';

/** Test files that compare against a prebuilt binding itself, and why. */
const TESTS_USING_A_BINDING = new Map([['__tests__/core/cloudflare-binding.test.ts', 'our Cloudflare types synthesize what @cdktf/provider-cloudflare does']]);

function sourceFiles(): string[] {
  const { include } = JSON.parse(readFileSync(join(REPO_ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
  const walk = (path: string): string[] =>
    path.endsWith('.ts') ? [path] : readdirSync(path, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(path, e.name)) : e.name.endsWith('.ts') ? [join(path, e.name)] : []));
  return include.flatMap((entry) => walk(join(REPO_ROOT, entry))).map((f) => relative(REPO_ROOT, f)).sort();
}

/** Every module specifier a file names literally: imports, exports, `import('x')` types, require('x') and import('x'). */
export function moduleSpecifiers(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const literal = (node: ts.Node | undefined) => {
    if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) found.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) literal(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal(node.argument.literal);
    else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const named = (n: ts.Node) => n.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(n) && n.text === 'require');
      if (named(callee) || (ts.isPropertyAccessExpression(callee) && named(callee.expression) && callee.name.text === 'resolve')) literal(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = sourceFiles();
/** Each file's literal module specifiers, parsed once; a file that never says `cdkt` cannot name a core (parsing all
 * of them takes seconds). */
const specifiers = new Map(
  files.map((f) => {
    const text = readFileSync(join(REPO_ROOT, f), 'utf8');
    return [f, text.includes('cdkt') ? moduleSpecifiers(f, text) : []];
  }),
);

test('the scan sees the product and the tests', () => {
  expect(files.filter((f) => f.startsWith('core/'))).toEqual(expect.arrayContaining(['core/index.ts', 'core/aws-binding.ts', 'core/cloudflare-binding.ts']));
  expect(files.length).toBeGreaterThan(150);
});

test('the parser finds every form of import (so that the scan below can fail)', () => {
  const text = `import a from 'cdktf'; import type { B } from "@cdktn/provider-aws/lib/provider"; export * from 'cdktn';
    type C = typeof import('@cdktf/provider-aws/lib/route53-record'); const d = require('cdktf'); import e = require('cdktn');
    const f = require.resolve('@cdktf/provider-cloudflare/package.json'); const g = import('cdktn'); const h = \`import x from 'cdktf'\`;`;
  expect(moduleSpecifiers('x.ts', text).filter((s) => CORE_PACKAGE_PATTERN.test(s))).toEqual([
    'cdktf',
    '@cdktn/provider-aws/lib/provider',
    'cdktn',
    '@cdktf/provider-aws/lib/route53-record',
    'cdktf',
    'cdktn',
    '@cdktf/provider-cloudflare/package.json',
    'cdktn',
  ]);
});

test('no file outside core/ imports a CDK core or binding by name', () => {
  const offenders = files
    .filter((f) => !f.startsWith('core/') && !TESTS_USING_A_BINDING.has(f))
    .flatMap((f) => specifiers.get(f)!.filter((s) => CORE_PACKAGE_PATTERN.test(s)).map((s) => `${f}: ${s}`));
  expect(offenders).toEqual([]);
});

test('a provider binding is only ever imported deep (never its root, which loads every resource)', () => {
  const roots = files.flatMap((f) => specifiers.get(f)!.filter((s) => /^@cdkt[fn]\/provider-[a-z0-9-]+$/.test(s)).map((s) => `${f}: ${s}`));
  expect(roots).toEqual([]);
});
