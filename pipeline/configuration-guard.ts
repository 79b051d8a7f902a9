import { unescapedTemplates } from '../tfjson/template-check';

/**
 * What a stack synthesized by this project may hold, element by element: derived from what stacks/ and constructs/
 * write (the records of both providers, the zone look-ups, the providers, the three backends, the IAM policy output,
 * the `import` blocks of adoptExisting and the `removed` blocks of `retired: forget`). Anything else is refused before
 * terraform runs for the stack: a provisioner or `local-exec` (a command on the deploy machine, with the deploy
 * credentials in its environment), `terraform_data` / `null_resource`, an `external` data source, a module, another
 * backend, a provider setting that would send the credentials elsewhere.
 */
export const SYNTH_ALLOWLIST = {
  blocks: ['terraform', 'provider', 'resource', 'data', 'output', 'import', 'removed'],
  terraform: ['backend', 'cloud', 'required_providers'],
  backends: {
    local: ['path'],
    s3: ['bucket', 'region', 'key', 'encrypt', 'use_lockfile'],
  },
  cloud: ['organization', 'hostname', 'workspaces'],
  cloudWorkspaces: ['name', 'project'],
  /** Provider → the `source` addresses that name it (cdktf writes `aws`; cdktn and people write `hashicorp/aws`). */
  requiredProviders: {
    aws: ['aws', 'hashicorp/aws', 'registry.terraform.io/hashicorp/aws'],
    cloudflare: ['cloudflare/cloudflare', 'registry.terraform.io/cloudflare/cloudflare'],
  },
  requiredProvider: ['source', 'version'],
  /**
   * Provider settings. The `skip_*` switches and `endpoints` are what the test suite's override file sets (an offline
   * plan, a fake Route53 on loopback); `endpoints` must name the loopback interface, since requests carry the session
   * token and a signature. The Cloudflare provider takes its token from the environment only: no setting at all.
   */
  providers: {
    aws: ['region', 'profile', 'assume_role', 'skip_credentials_validation', 'skip_requesting_account_id', 'skip_metadata_api_check', 'skip_region_validation', 'endpoints'],
    cloudflare: [],
  },
  assumeRole: ['role_arn', 'session_name'],
  resources: {
    aws_route53_record: ['zone_id', 'name', 'type', 'ttl', 'records', 'allow_overwrite', 'lifecycle'],
    cloudflare_dns_record: ['zone_id', 'name', 'type', 'ttl', 'content', 'priority', 'proxied', 'lifecycle'],
  },
  lifecycle: ['prevent_destroy'],
  dataSources: {
    aws_route53_zone: ['name', 'private_zone', 'zone_id'],
    cloudflare_zone: ['filter', 'zone_id'],
  },
  cloudflareZoneFilter: ['name'],
  output: ['value', 'description', 'sensitive'],
  import: ['to', 'id'],
  removed: ['from', 'lifecycle'],
  removedLifecycle: ['destroy'],
} as const;

/** One element of a stack's Terraform that synth never writes. */
export interface GuardProblem {
  /** The file (`cdk.tf.json`, an override file). */
  readonly file: string;
  /** Where: `resource.terraform_data.x`, `provider.aws[0].endpoints[0].route53`, `module.m`. */
  readonly element: string;
  /** Why it is refused. */
  readonly rule: string;
}

/** Words for the elements that do harm, so that the refusal says why, not only "not allowed". */
const HARMFUL: Record<string, string> = {
  provisioner: 'a provisioner runs a command on the deploy machine, with the deploy credentials',
  connection: 'a connection is for provisioners, which run commands',
  terraform_data: 'terraform_data exists to run provisioners',
  null_resource: 'null_resource exists to run provisioners',
  external: 'the external data source runs a program at plan time',
  module: 'a module brings configuration from outside the synthesized stack',
};

const LOOPBACK_URL = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]{1,5})?(?:\/[^\s]*)?$/;
const RECORD_ADDRESS = new RegExp(`^(?:${Object.keys(SYNTH_ALLOWLIST.resources).join('|')})\\.[A-Za-z0-9_-]+$`);

/**
 * The elements of one Terraform JSON file of a stack folder that are not in {@link SYNTH_ALLOWLIST}, plus every
 * template expression that is not a reference to one of the file's own resources or data sources (a `${file(…)}`
 * would read the deploy machine's files into a record). cdktf's `//` metadata keys are comments to Terraform and are
 * passed over. Empty means the file holds only what synth writes.
 */
export function configurationProblems(file: string, tf: unknown): GuardProblem[] {
  const problems: GuardProblem[] = [];
  const refuse = (element: string, rule: string) => problems.push({ file, element, rule });
  const root = asObject(tf);
  if (!root) return [{ file, element: '(file)', rule: 'a Terraform JSON file must hold an object' }];

  for (const [block, body] of entries(root)) {
    switch (block) {
      case 'terraform':
        terraformBlock(body, refuse);
        break;
      case 'provider':
        providers(body, refuse);
        break;
      case 'resource':
        instances('resource', body, SYNTH_ALLOWLIST.resources, refuse, (element, value) => lifecycle(element, value, refuse));
        break;
      case 'data':
        instances('data', body, SYNTH_ALLOWLIST.dataSources, refuse, (element, value) => {
          const filter = asObject(value.filter);
          if (value.filter !== undefined && !filter) refuse(`${element}.filter`, 'must be an object');
          if (filter) onlyKeys(`${element}.filter`, filter, SYNTH_ALLOWLIST.cloudflareZoneFilter, refuse);
        });
        break;
      case 'output':
        forEachNamed('output', body, refuse, (element, value) => onlyKeys(element, value, SYNTH_ALLOWLIST.output, refuse));
        break;
      case 'import':
        forEachListed('import', body, refuse, (element, value) => {
          onlyKeys(element, value, SYNTH_ALLOWLIST.import, refuse);
          if (typeof value.to !== 'string' || !RECORD_ADDRESS.test(value.to)) refuse(`${element}.to`, 'an import must go to one of the stack\'s records');
        });
        break;
      case 'removed':
        forEachListed('removed', body, refuse, (element, value) => {
          onlyKeys(element, value, SYNTH_ALLOWLIST.removed, refuse);
          if (typeof value.from !== 'string' || !RECORD_ADDRESS.test(value.from)) refuse(`${element}.from`, 'a removed block must name one of the stack\'s records');
          const life = asObject(value.lifecycle);
          if (value.lifecycle !== undefined && !life) refuse(`${element}.lifecycle`, 'must be an object');
          if (life) onlyKeys(`${element}.lifecycle`, life, SYNTH_ALLOWLIST.removedLifecycle, refuse);
        });
        break;
      default:
        refuse(block, own<string>(HARMFUL, block) ?? `synth never writes a top-level "${block}" block (allowed: ${SYNTH_ALLOWLIST.blocks.join(', ')})`);
    }
  }
  for (const { path, sequence } of unescapedTemplates(root)) {
    refuse(path, `holds the template expression ${sequence.length > 60 ? `${sequence.slice(0, 60)}…` : sequence}: synth writes no expression but references to the stack's own records and zones`);
  }
  return problems;
}

type Refuse = (element: string, rule: string) => void;

function terraformBlock(body: unknown, refuse: Refuse): void {
  const settings = asObject(body);
  if (!settings) return refuse('terraform', 'must be an object');
  onlyKeys('terraform', settings, SYNTH_ALLOWLIST.terraform, refuse);
  const backend = asObject(settings.backend);
  if (settings.backend !== undefined && !backend) refuse('terraform.backend', 'must be an object');
  for (const [type, config] of entries(backend ?? {})) {
    const allowed = own<readonly string[]>(SYNTH_ALLOWLIST.backends, type);
    if (!allowed) refuse(`terraform.backend.${type}`, `synth writes only the ${Object.keys(SYNTH_ALLOWLIST.backends).join(', ')} backends (or a cloud block)`);
    else withObject(`terraform.backend.${type}`, config, refuse, (o) => onlyKeys(`terraform.backend.${type}`, o, allowed, refuse));
  }
  if (settings.cloud !== undefined) {
    withObject('terraform.cloud', settings.cloud, refuse, (cloud) => {
      onlyKeys('terraform.cloud', cloud, SYNTH_ALLOWLIST.cloud, refuse);
      if (cloud.workspaces !== undefined) withObject('terraform.cloud.workspaces', cloud.workspaces, refuse, (w) => onlyKeys('terraform.cloud.workspaces', w, SYNTH_ALLOWLIST.cloudWorkspaces, refuse));
    });
  }
  if (settings.required_providers !== undefined) {
    withObject('terraform.required_providers', settings.required_providers, refuse, (required) => {
      for (const [name, requirement] of entries(required)) {
        const element = `terraform.required_providers.${name}`;
        const sources = own<readonly string[]>(SYNTH_ALLOWLIST.requiredProviders, name);
        if (!sources) {
          refuse(element, `synth requires only the ${Object.keys(SYNTH_ALLOWLIST.requiredProviders).join(' and ')} providers`);
          continue;
        }
        withObject(element, requirement, refuse, (r) => {
          onlyKeys(element, r, SYNTH_ALLOWLIST.requiredProvider, refuse);
          if (typeof r.source !== 'string' || !sources.includes(r.source.toLowerCase())) refuse(`${element}.source`, `must be ${sources.join(' or ')}`);
        });
      }
    });
  }
}

function providers(body: unknown, refuse: Refuse): void {
  withObject('provider', body, refuse, (byName) => {
    for (const [name, configs] of entries(byName)) {
      const allowed = own<readonly string[]>(SYNTH_ALLOWLIST.providers, name);
      if (!allowed) {
        refuse(`provider.${name}`, `synth configures only the ${Object.keys(SYNTH_ALLOWLIST.providers).join(' and ')} providers`);
        continue;
      }
      forEachListed(`provider.${name}`, configs, refuse, (element, config) => {
        onlyKeys(element, config, allowed, refuse);
        forEachListed(`${element}.assume_role`, config.assume_role ?? [], refuse, (at, role) => onlyKeys(at, role, SYNTH_ALLOWLIST.assumeRole, refuse));
        forEachListed(`${element}.endpoints`, config.endpoints ?? [], refuse, (at, endpoints) => {
          for (const [service, url] of entries(endpoints)) {
            if (typeof url !== 'string' || !LOOPBACK_URL.test(url)) refuse(`${at}.${service}`, 'an endpoint other than the loopback interface would receive the deploy credentials\' requests');
          }
        });
      });
    }
  });
}

/** `resource` or `data`: type → name → settings, each type allowed with its own settings. */
function instances(block: 'resource' | 'data', body: unknown, types: Record<string, readonly string[]>, refuse: Refuse, more: (element: string, value: Record<string, unknown>) => void): void {
  const prefix = block === 'data' ? 'data.' : '';
  withObject(block, body, refuse, (byType) => {
    for (const [type, named] of entries(byType)) {
      const allowed = own<readonly string[]>(types, type);
      if (!allowed) {
        const what = block === 'data' ? 'data source' : 'resource';
        refuse(`${prefix}${type}`, own<string>(HARMFUL, type) ?? `synth writes no ${what} of type ${type} (allowed: ${Object.keys(types).join(', ')})`);
        continue;
      }
      forEachNamed(`${prefix}${type}`, named, refuse, (element, value) => {
        for (const key of Object.keys(value)) {
          const harm = own<string>(HARMFUL, key);
          if (harm) refuse(`${element}.${key}${key === 'provisioner' ? kinds(value[key]) : ''}`, harm);
        }
        onlyKeys(element, value, allowed, refuse, Object.keys(HARMFUL));
        more(element, value);
      });
    }
  });
}

/** ` (local-exec)`: the kinds of provisioner a block lists, to name them. */
function kinds(value: unknown): string {
  const names = (Array.isArray(value) ? value : [value]).flatMap((v) => Object.keys(asObject(v) ?? {})).filter((k) => k !== '//');
  return names.length > 0 ? ` (${[...new Set(names)].slice(0, 5).join(', ')})` : '';
}

function lifecycle(element: string, value: Record<string, unknown>, refuse: Refuse): void {
  if (value.lifecycle === undefined) return;
  withObject(`${element}.lifecycle`, value.lifecycle, refuse, (life) => onlyKeys(`${element}.lifecycle`, life, SYNTH_ALLOWLIST.lifecycle, refuse));
}

/** Refuses every key of `value` not in `allowed` (and not a `//` comment, nor one already refused elsewhere). */
function onlyKeys(element: string, value: Record<string, unknown>, allowed: readonly string[], refuse: Refuse, skip: readonly string[] = []): void {
  for (const key of Object.keys(value)) {
    if (key === '//' || allowed.includes(key) || skip.includes(key)) continue;
    refuse(`${element}.${key}`, `synth never writes "${key}" here (allowed: ${allowed.length > 0 ? allowed.join(', ') : 'nothing'})`);
  }
}

/** A map of named blocks (`output.<name>`, `<type>.<name>`), each an object (or a list of one, as Terraform JSON allows). */
function forEachNamed(element: string, body: unknown, refuse: Refuse, each: (element: string, value: Record<string, unknown>) => void): void {
  withObject(element, body, refuse, (byName) => {
    for (const [name, value] of entries(byName)) forEachListed(`${element}.${name}`, value, refuse, each);
  });
}

/** One object or a list of objects (cdktf writes providers, imports and removed blocks as lists). */
function forEachListed(element: string, body: unknown, refuse: Refuse, each: (element: string, value: Record<string, unknown>) => void): void {
  const list = Array.isArray(body) ? body : [body];
  list.forEach((item, i) => {
    const at = Array.isArray(body) ? `${element}[${i}]` : element;
    const value = asObject(item);
    if (!value) refuse(at, 'must be an object');
    else each(at, value);
  });
}

function withObject(element: string, body: unknown, refuse: Refuse, each: (value: Record<string, unknown>) => void): void {
  const value = asObject(body);
  if (!value) refuse(element, 'must be an object');
  else each(value);
}

/** The entries of an object without cdktf's `//` metadata. */
function entries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([key]) => key !== '//');
}

/** `map[key]` when `map` has it as its own key: `__proto__` or `constructor` from a file must not reach Object.prototype. */
function own<T>(map: object, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? ((map as Record<string, T>)[key] as T) : undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
