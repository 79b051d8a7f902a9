// A TypeScript app that uses the installed package as its README shows (the root and `/route53`), on either CDK core,
// compiled the strict way, and what it must synthesize: the package tests of both cores run the same one.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CoreName } from '../../core/packages';
import { REPO_ROOT, run } from './npm';

const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Writes `src/main.ts` of an app on `core` with its AWS binding: one Route53EmailAuth, one refused props object. */
export function writeRoute53Consumer(dir: string, core: CoreName): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'src', 'main.ts'),
    `import { App, TerraformStack } from '${core}';
import { AwsProvider } from '@${core}/provider-aws/lib/provider';
import { EmailAuthValidationError, emailAuthRecords, type DnsRecord, type DmarcOptions } from 'email-auth-dns';
import { Route53EmailAuth, type EmailAuthResource, type Route53EmailAuthProps } from 'email-auth-dns/route53';

const dmarc: DmarcOptions = { policy: 'quarantine', rua: ['mailto:dmarc@mosamuseum.com'] };
const props: Route53EmailAuthProps = {
  domain: 'mosamuseum.com',
  code: 'mosa',
  zoneId: 'Z0123456789ABCDEFGHIJ',
  spf: { mechanisms: ['include:_spf.google.com'] },
  dmarc,
  mx: [{ priority: 10, host: 'mx1.mosamuseum.com' }],
  keepTxt: ['google-site-verification=abc'],
  protect: true,
};
const planned: DnsRecord[] = emailAuthRecords(props).records;
const app = new App();
const stack = new TerraformStack(app, 'mail');
new AwsProvider(stack, 'aws', { region: 'us-east-1' });
// The binding pins the provider it was built for; the construct works with 5.100 and later too.
stack.addOverride('terraform.required_providers.aws.version', '>= 5.100, < 7');
const auth = new Route53EmailAuth(stack, 'email-auth', props);
const resources: readonly EmailAuthResource[] = auth.resources;
let refused = '';
try {
  new Route53EmailAuth(stack, 'bad', { ...props, dmarc: { policy: 'rejct' as DmarcOptions['policy'] } });
} catch (e) {
  if (e instanceof EmailAuthValidationError) refused = e.message;
}
console.log(JSON.stringify({ planned: planned.length, records: auth.records.length, types: [...new Set(resources.map((r) => r.terraformResourceType))], refused }));
app.synth();
`,
  );
}

/**
 * Compiles the app with `tsc --strict`, library declarations checked (no skipLibCheck), twice: Node10 resolution
 * (module commonjs) reads "typesVersions", node16 reads "exports", and both must find the types. One entry per
 * tsconfig: its output and status (empty and 0 when it compiles).
 */
export function compileStrict(dir: string): { file: string; output: string; status: number | null }[] {
  const base = { strict: true, target: 'ES2022', skipLibCheck: false, types: [], include: undefined };
  const configs = [
    ['tsconfig.json', { ...base, module: 'commonjs', outDir: 'out' }],
    ['tsconfig.node16.json', { ...base, module: 'node16', moduleResolution: 'node16', outDir: 'out16' }],
  ] as const;
  return configs.map(([file, options]) => {
    writeFileSync(join(dir, file), JSON.stringify({ compilerOptions: options, include: ['src'] }));
    const tsc = run(process.execPath, [TSC, '-p', file], { cwd: dir, env: process.env });
    return { file, output: `${tsc.stdout}${tsc.stderr}`, status: tsc.status };
  });
}

/**
 * Compiles the app written by {@link writeRoute53Consumer} in `dir` and runs it: what each tsconfig's compile said,
 * what the app wrote to stderr, what it printed, and the records of the stack it synthesized.
 */
export function compileAndSynth(dir: string): { compiled: ReturnType<typeof compileStrict>; stderr: string; prints: unknown; records: Record<string, unknown>[] } {
  const compiled = compileStrict(dir);
  const synth = run(process.execPath, ['out/main.js'], { cwd: dir, env: { ...process.env, CDKTF_OUTDIR: join(dir, 'cdktf.out') } });
  return { compiled, stderr: synth.stderr, prints: synth.status === 0 ? JSON.parse(synth.stdout) : synth.stdout, records: synth.status === 0 ? consumerRecords(dir) : [] };
}

/** What the compiled app prints. */
export const CONSUMER_PRINTS = { planned: 5, records: 5, types: ['aws_route53_record'], refused: 'dmarc.policy: expected none|quarantine|reject, got "rejct"' };

/** The records the app's stack holds, `//` metadata aside, in order. */
export function consumerRecords(dir: string): Record<string, unknown>[] {
  const stack = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'mail', 'cdk.tf.json'), 'utf8'));
  return Object.values(stack.resource.aws_route53_record as Record<string, Record<string, unknown>>).map(({ '//': _, ...r }) => r);
}

const zone_id = 'Z0123456789ABCDEFGHIJ';
const lifecycle = { prevent_destroy: true };
export const CONSUMER_RECORDS = [
  { zone_id, name: 'stxsel1._domainkey.mosamuseum.com', type: 'CNAME', ttl: 3600, records: ['sel1-mosa._domainkey.dkim.secutix.com'], lifecycle },
  { zone_id, name: 'stxsel2._domainkey.mosamuseum.com', type: 'CNAME', ttl: 3600, records: ['sel2-mosa._domainkey.dkim.secutix.com'], lifecycle },
  { zone_id, name: '_dmarc.mosamuseum.com', type: 'TXT', ttl: 3600, records: ['v=DMARC1; p=quarantine; rua=mailto:dmarc@mosamuseum.com'], lifecycle },
  { zone_id, name: 'mosamuseum.com', type: 'MX', ttl: 3600, records: ['10 mx1.mosamuseum.com'], lifecycle },
  { zone_id, name: 'mosamuseum.com', type: 'TXT', ttl: 3600, records: ['v=spf1 include:spf.secutix.com include:_spf.google.com ~all', 'google-site-verification=abc'], lifecycle },
];

/** What {@link compileAndSynth} returns for a working install. */
export const COMPILES_AND_SYNTHESIZES = {
  compiled: ['tsconfig.json', 'tsconfig.node16.json'].map((file) => ({ file, output: '', status: 0 })),
  stderr: '',
  prints: CONSUMER_PRINTS,
  records: CONSUMER_RECORDS,
};
