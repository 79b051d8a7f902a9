import type { Construct } from 'constructs';
import { AppConfig } from '../config/load';
import type { TerraformStack } from '../core';
import { missingFamily } from '../core/family';
import { MissingPeerDependencyError } from '../io/peer-dependency';
import { ProviderName } from '../model/providers';
import type { CloudflareInstitutionStack } from './cloudflare-stack';
import type { Route53InstitutionStack } from './route53-stack';
import type { CloudflareReportStack } from './cloudflare-report-stack';
import type { Route53ReportStack } from './route53-report-stack';
import { IAM_POLICY_FILE, stackName } from './stack-props';

export { stackName };

type InstitutionStackClass = typeof Route53InstitutionStack | typeof CloudflareInstitutionStack;

/**
 * Each provider's stack module, loaded on first use: it loads that provider's binding, which is an optional peer
 * dependency, so an install for Route53 only has no Cloudflare binding and must never load the Cloudflare stack.
 */
const STACK_MODULES: Record<ProviderName, () => InstitutionStackClass> = {
  route53: () => require('./route53-stack').Route53InstitutionStack,
  cloudflare: () => require('./cloudflare-stack').CloudflareInstitutionStack,
};

type ReportStackClass = typeof Route53ReportStack | typeof CloudflareReportStack;

/** The stack modules of `reportAuthorizations` entries, loaded on first use like {@link STACK_MODULES}. */
const REPORT_STACK_MODULES: Record<ProviderName, () => ReportStackClass> = {
  route53: () => require('./route53-report-stack').Route53ReportStack,
  cloudflare: () => require('./cloudflare-report-stack').CloudflareReportStack,
};

/**
 * What a config needs that is not installed, as at most one error naming the packages to install: a CDK core and
 * constructs for any institution, and for Route53 institutions the AWS binding of that core (Cloudflare needs none:
 * core/cloudflare-binding.ts). Empty when the config can be synthesized here.
 */
export function missingBindings(config: AppConfig): MissingPeerDependencyError[] {
  const collectors = config.reportAuthorizations ?? [];
  const needsAws = config.institutions.some(onRoute53) || collectors.some(onRoute53);
  // Who needs what is written only for an error: check asks this of every config, and lists of codes cost at 5,000.
  // No core (or no constructs): one error for the whole config, naming the AWS binding too when it will be needed.
  if (missingFamily('this config', false)) {
    return [missingFamily(`this config (${users(config.institutions.map((inst) => inst.code), collectors.map((c) => c.name))})`, needsAws)!];
  }
  if (!needsAws || !missingFamily('provider route53', true)) return [];
  const route53 = config.institutions.filter(onRoute53).map((inst) => inst.code);
  const route53Collectors = collectors.filter(onRoute53).map((c) => c.name);
  return [missingFamily(`provider route53 (${users(route53, route53Collectors)})`, true)!];
}

function onRoute53(entry: { readonly provider: ProviderName }): boolean {
  return entry.provider === 'route53';
}

/** Who needs a package: `institutions a, b; reportAuthorizations central`, each list bounded. */
function users(codes: readonly string[], collectors: readonly string[]): string {
  return [codes.length > 0 ? institutions(codes) : '', collectors.length > 0 ? `reportAuthorizations ${bounded(collectors)}` : ''].filter(Boolean).join('; ');
}

/** `institution a` / `institutions a, b, c and 7 more`: a bounded list for one line of an error. */
export function institutions(codes: readonly string[]): string {
  return `institution${codes.length === 1 ? '' : 's'} ${bounded(codes)}`;
}

function bounded(names: readonly string[]): string {
  return names.length > 5 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

/**
 * One stack per institution, on its provider, each with the config's state backend; then one per
 * `reportAuthorizations` entry (`email-auth-reports-<name>`). See {@link missingBindings}.
 */
export function addInstitutionStacks(scope: Construct, config: AppConfig): TerraformStack[] {
  return [
    ...config.institutions.map((inst) => new (STACK_MODULES[inst.provider]())(scope, inst, config.backend)),
    ...(config.reportAuthorizations ?? []).map((c) => new (REPORT_STACK_MODULES[c.provider]())(scope, c, config.backend)),
  ];
}

/**
 * Files that belong beside a synthesized stack but are not Terraform (the IAM policy of a Route53 stack), by file
 * name; the synth command writes them into `<outdir>/stacks/<stack>/` after the app has synthesized.
 */
export function stackSideFiles(stack: TerraformStack): Record<string, string> {
  if (isRoute53Stack(stack)) return { [IAM_POLICY_FILE]: `${JSON.stringify(stack.iamPolicy, null, 2)}\n` };
  return {};
}

// Not `instanceof`: that would load the Route53 stack's module, and with it the AWS binding, for every stack.
function isRoute53Stack(stack: TerraformStack): stack is Route53InstitutionStack | Route53ReportStack {
  return 'iamPolicy' in stack;
}
