import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AppConfig } from '../config/load';
import { MissingPeerDependencyError, providerPeers, requirePeers } from '../io/peer-dependency';
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
 * The bindings a config's providers need that are not installed, one error per provider naming its institutions
 * and the package to install; empty when the config can be synthesized here.
 */
export function missingBindings(config: AppConfig): MissingPeerDependencyError[] {
  const collectors = config.reportAuthorizations ?? [];
  const providers = [...new Set([...config.institutions.map((inst) => inst.provider), ...collectors.map((c) => c.provider)])];
  return providers.flatMap((provider) => {
    const codes = config.institutions.filter((inst) => inst.provider === provider).map((inst) => inst.code);
    const names = collectors.filter((c) => c.provider === provider).map((c) => c.name);
    const users = [codes.length > 0 ? `institution${codes.length === 1 ? '' : 's'} ${codes.join(', ')}` : '', names.length > 0 ? `reportAuthorizations ${names.join(', ')}` : ''];
    try {
      requirePeers(`provider ${provider} (${users.filter(Boolean).join('; ')})`, providerPeers(provider));
      return [];
    } catch (e) {
      if (e instanceof MissingPeerDependencyError) return [e];
      throw e;
    }
  });
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
