'use strict';
// The benchmark's baseline: a bare hand-written cdktf app that declares the same stacks as the project's app,
// straight from a pre-computed list (BENCH_BASELINE_INPUT, written by bench-generate.js), with deep imports of the
// provider bindings and no config parsing or validation. It writes to CDKTF_OUTDIR like any app.
const { readFileSync } = require('node:fs');
const { App, LocalBackend, TerraformOutput, TerraformStack } = require('cdktf');
const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
const { Route53Record } = require('@cdktf/provider-aws/lib/route53-record');
const { DataAwsRoute53Zone } = require('@cdktf/provider-aws/lib/data-aws-route53-zone');
const { CloudflareProvider } = require('@cdktf/provider-cloudflare/lib/provider');
const { DnsRecord } = require('@cdktf/provider-cloudflare/lib/dns-record');
const { DataCloudflareZone } = require('@cdktf/provider-cloudflare/lib/data-cloudflare-zone');

const PROVIDERS = { aws: AwsProvider, cloudflare: CloudflareProvider };
const RESOURCES = { aws_route53_record: Route53Record, cloudflare_dns_record: DnsRecord };
const DATA = { aws_route53_zone: DataAwsRoute53Zone, cloudflare_zone: DataCloudflareZone };

const stacks = JSON.parse(readFileSync(process.env.BENCH_BASELINE_INPUT, 'utf8'));
// Same App options as the project (cli/synth.ts): what a careful hand-written app would do.
const app = new App({ stackTraces: false });
for (const spec of stacks) {
  const stack = new TerraformStack(app, spec.stack);
  if (spec.backendPath) new LocalBackend(stack, { path: spec.backendPath });
  for (const { type, props } of spec.providers) new PROVIDERS[type](stack, type, props);
  for (const [name, version] of Object.entries(spec.versions)) stack.addOverride(`terraform.required_providers.${name}.version`, version);
  const data = spec.data.map(({ type, props }, i) => new DATA[type](stack, `data${i}`, props));
  const resolve = (value) =>
    Array.isArray(value) ? value.map(resolve)
    : value && typeof value === 'object' ? (value.ref ? data[value.ref[0]].getStringAttribute(value.ref[1]) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)])))
    : value;
  for (const { type, id, props } of spec.resources) new RESOURCES[type](stack, id, resolve(props));
  for (const { id, value, description } of spec.outputs) new TerraformOutput(stack, id, { value: resolve(value), description });
}
app.synth();
