// The three Cloudflare types this package writes, on the core's own TerraformProvider, TerraformResource and
// TerraformDataSource, with typed props for the attributes we set: provider `cloudflare`, resource
// `cloudflare_dns_record` and data source `cloudflare_zone` (provider v5). They stand in for the prebuilt binding
// `@cdktf/provider-cloudflare`: no `@cdktn/provider-cloudflare` is on the registry we install from, and the prebuilt
// binding weighs about 400 MB for three types (docs/cdktn.md). They synthesize what the binding (13.9.1, provider
// 5.14.0) synthesizes for the same props, in JSON and HCL, checked against it in __tests__/core/cloudflare-binding.test.ts,
// and the stacks are checked against its schema in __tests__/terraform/cloudflare-schema.int.test.ts.
import { Construct } from 'constructs';
import { TerraformDataSource, TerraformMetaArguments, TerraformProvider, TerraformResource } from './index';
import { CLOUDFLARE_PROVIDER_VERSION } from '../stacks/provider-versions';

/**
 * What the core needs to know of the provider behind each element: a stack's resources need a provider of the same
 * name (the core's provider-presence validation), and the provider's version lands in `required_providers`.
 */
const GENERATOR = { providerName: 'cloudflare', providerVersionConstraint: CLOUDFLARE_PROVIDER_VERSION } as const;

/** Attributes in the form the core's HCL output takes (`App({ hclOutput: true })`), undefined ones left out. */
type HclAttribute = { value: unknown; isBlock: boolean; type: string; storageClassType: string };
function hcl(attributes: Record<string, HclAttribute>): Record<string, HclAttribute> {
  return Object.fromEntries(Object.entries(attributes).filter(([, a]) => a.value !== undefined));
}
const simple = (value: unknown, storageClassType: 'string' | 'number' | 'boolean'): HclAttribute => ({ value, isBlock: false, type: 'simple', storageClassType });

/** The meta-arguments of a config (lifecycle, provider, count...), which the core itself synthesizes. */
function metaArguments(config: TerraformMetaArguments): TerraformMetaArguments {
  const { dependsOn, count, provider, lifecycle, forEach, provisioners, connection } = config;
  return { dependsOn, count, provider, lifecycle, forEach, provisioners, connection };
}

/** The Cloudflare provider, configured from the environment (`CLOUDFLARE_API_TOKEN`): no attribute is ever set. */
export class CloudflareProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, { terraformResourceType: 'cloudflare', terraformGeneratorMetadata: GENERATOR, terraformProviderSource: 'cloudflare/cloudflare' });
  }
}

/**
 * The attributes of a `cloudflare_dns_record` this package sets.
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/latest/docs/resources/dns_record
 */
export interface CloudflareDnsRecordConfig extends TerraformMetaArguments {
  readonly zoneId: string;
  /** The full name, without trailing dot. */
  readonly name: string;
  readonly type: string;
  /** 1 (automatic) or 60 to 86400 seconds. */
  readonly ttl: number;
  readonly content: string;
  readonly priority?: number;
  readonly proxied?: boolean;
}

/** A `cloudflare_dns_record`: one record (not a set) in a zone. */
export class CloudflareDnsRecord extends TerraformResource {
  private readonly config: CloudflareDnsRecordConfig;

  constructor(scope: Construct, id: string, config: CloudflareDnsRecordConfig) {
    super(scope, id, { terraformResourceType: 'cloudflare_dns_record', terraformGeneratorMetadata: GENERATOR, ...metaArguments(config) });
    this.config = config;
  }

  // The binding's attribute order (alphabetical, zone_id last), so that the JSON is the same byte for byte.
  protected override synthesizeAttributes(): Record<string, unknown> {
    const c = this.config;
    return { content: c.content, name: c.name, priority: c.priority, proxied: c.proxied, ttl: c.ttl, type: c.type, zone_id: c.zoneId };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    const c = this.config;
    return hcl({
      content: simple(c.content, 'string'),
      name: simple(c.name, 'string'),
      priority: simple(c.priority, 'number'),
      proxied: simple(c.proxied, 'boolean'),
      ttl: simple(c.ttl, 'number'),
      type: simple(c.type, 'string'),
      zone_id: simple(c.zoneId, 'string'),
    });
  }
}

/**
 * The `cloudflare_zone` data source, looked up by name.
 * @see https://registry.terraform.io/providers/cloudflare/cloudflare/latest/docs/data-sources/zone
 */
export interface DataCloudflareZoneConfig extends TerraformMetaArguments {
  readonly filter: { readonly name: string };
}

/** A zone looked up by name; {@link DataCloudflareZone.zoneId} is a reference to its id. */
export class DataCloudflareZone extends TerraformDataSource {
  private readonly config: DataCloudflareZoneConfig;

  constructor(scope: Construct, id: string, config: DataCloudflareZoneConfig) {
    super(scope, id, { terraformResourceType: 'cloudflare_zone', terraformGeneratorMetadata: GENERATOR, ...metaArguments(config) });
    this.config = config;
  }

  /** `${data.cloudflare_zone.<id>.zone_id}`. */
  get zoneId(): string {
    return this.getStringAttribute('zone_id');
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { filter: { name: this.config.filter.name } };
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return hcl({ filter: { value: hcl({ name: simple(this.config.filter.name, 'string') }), isBlock: true, type: 'struct', storageClassType: 'DataCloudflareZoneFilter' } });
  }
}
