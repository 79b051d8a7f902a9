// Route53 stacks whose zone is given by id: real `terraform init` + `validate`, then an offline `terraform plan`
// (dummy credentials, test-only override) and `terraform show -json`; the planned record sets are asserted exactly.
import { cleanupTerraformDirs, describeWithTerraform, initValidate, inPairs, PlanJson, planJson } from '../helpers/terraform';
import { exampleConfig, synthApp } from '../helpers/synth-app';
import { MANY_IP4, ROUTE53_BY_ID, ROUTE53_REPORTS } from './test-configs';
import { CLEANUP_HOOK_TIMEOUT_MS } from '../helpers/timeouts';

interface PlannedRecord {
  name: string;
  type: string;
  ttl: number;
  zone_id: string;
  records: string[];
}

/** The planned record sets by resource name suffix (`spf`, `dkim-stxsel1`...), records sorted (a set in Terraform). */
function plannedRecords(plan: PlanJson): Record<string, PlannedRecord> {
  const out: Record<string, PlannedRecord> = {};
  for (const r of plan.planned_values.root_module.resources ?? []) {
    if (r.type !== 'aws_route53_record') continue;
    const key = r.name.replace(/^email-auth_/, '').replace(/_[0-9A-F]{8}$/, '');
    const { name, type, ttl, zone_id, records } = r.values as unknown as PlannedRecord;
    out[key] = { name, type, ttl, zone_id, records: [...records].sort() };
  }
  return out;
}

function actions(plan: PlanJson): Record<string, string[]> {
  return Object.fromEntries((plan.resource_changes ?? []).map((c) => [c.address, c.change.actions]));
}

/** Attributes the configuration of the plan sets on the records (proves what is absent, e.g. allow_overwrite). */
function configuredAttributes(plan: PlanJson): string[] {
  const config = plan.configuration as { root_module: { resources: { type: string; expressions: Record<string, unknown> }[] } };
  return [...new Set(config.root_module.resources.filter((r) => r.type === 'aws_route53_record').flatMap((r) => Object.keys(r.expressions)))].sort();
}

describeWithTerraform('terraform plan of Route53 stacks with a zone id', () => {
  let example: PlanJson;
  let zoo: PlanJson;
  let collector: PlanJson;
  beforeAll(async () => {
    const exampleDir = synthApp(exampleConfig()).stacks.get('email-auth-mosa')!;
    const zooDir = synthApp(ROUTE53_BY_ID).stacks.get('email-auth-zoo')!;
    const collectorDir = synthApp(ROUTE53_REPORTS).stacks.get('email-auth-reports-vendor')!;
    const validations = await inPairs([exampleDir, zooDir, collectorDir], initValidate);
    expect(validations.map(({ valid, diagnostics }) => ({ valid, diagnostics }))).toEqual(Array(3).fill({ valid: true, diagnostics: [] }));
    const [examplePlan, zooPlan, collectorPlan] = await inPairs([exampleDir, zooDir, collectorDir], planJson);
    example = examplePlan!.plan;
    zoo = zooPlan!.plan;
    collector = collectorPlan!.plan;
  }, 300_000);
  afterAll(cleanupTerraformDirs, CLEANUP_HOOK_TIMEOUT_MS);

  describe('the shipped example (mosa)', () => {
    it('plans exactly the five record sets, all to create', () => {
      const zone = 'Z0123456789ABCDEFGHIJ';
      expect(plannedRecords(example)).toEqual({
        spf: { name: 'mosamuseum.com', type: 'TXT', ttl: 3600, zone_id: zone, records: ['google-site-verification=abc', 'v=spf1 include:spf.secutix.com include:_spf.google.com ~all'] },
        'dkim-stxsel1': { name: 'stxsel1._domainkey.mosamuseum.com', type: 'CNAME', ttl: 3600, zone_id: zone, records: ['sel1-mosa._domainkey.dkim.secutix.com'] },
        'dkim-stxsel2': { name: 'stxsel2._domainkey.mosamuseum.com', type: 'CNAME', ttl: 3600, zone_id: zone, records: ['sel2-mosa._domainkey.dkim.secutix.com'] },
        dmarc: { name: '_dmarc.mosamuseum.com', type: 'TXT', ttl: 3600, zone_id: zone, records: ['v=DMARC1; p=quarantine; rua=mailto:dmarc@mosamuseum.com'] },
        mx: { name: 'mosamuseum.com', type: 'MX', ttl: 3600, zone_id: zone, records: ['10 mx1.mosamuseum.com'] },
      });
      expect(Object.values(actions(example))).toEqual(Array(5).fill(['create']));
    });

    it('sets no allow_overwrite and no lifecycle when the config does not ask for them', () => {
      expect(configuredAttributes(example)).toEqual(['name', 'records', 'ttl', 'type', 'zone_id']);
    });
  });

  describe('a zone by id with a long SPF, keepTxt, two MX and protect (zoo)', () => {
    const zone = 'Z0ZOOBASEL0000000001';
    const spf = ['v=spf1 include:spf.secutix.com include:_spf.google.com', ...MANY_IP4, '-all'].join(' ');

    it('plans the apex TXT set with the SPF record and every keepTxt value', () => {
      const { spf: planned } = plannedRecords(zoo);
      expect(planned!.name).toBe('zoo-basel.ch');
      expect(planned!.records).toHaveLength(3);
      expect(planned!.records.slice(0, 2)).toEqual(['MS=ms98765', 'google-site-verification=zoo123']);
    });

    it('sends the SPF record longer than 255 characters as two strings joined by "" that concatenate back', () => {
      const value = plannedRecords(zoo).spf!.records[2]!;
      expect(spf.length).toBeGreaterThan(255);
      const strings = value.split('""');
      expect(strings).toHaveLength(2);
      expect(strings.every((s) => s.length <= 255)).toBe(true);
      expect(strings.join('')).toBe(spf);
      expect(value).toBe(`${spf.slice(0, strings[0]!.length)}""${spf.slice(strings[0]!.length)}`);
      // Split on a term boundary: the second string starts with a whole term.
      expect(strings[1]).toMatch(/^ip4:198\.51\.100\.\d+ /);
    });

    it('plans both DKIM CNAMEs, DMARC and the two MX values, with the institution TTL', () => {
      const { spf: _, ...rest } = plannedRecords(zoo);
      expect(rest).toEqual({
        'dkim-stxsel1': { name: 'stxsel1._domainkey.zoo-basel.ch', type: 'CNAME', ttl: 300, zone_id: zone, records: ['sel1-zoo._domainkey.dkim.secutix.com'] },
        'dkim-stxsel2': { name: 'stxsel2._domainkey.zoo-basel.ch', type: 'CNAME', ttl: 300, zone_id: zone, records: ['sel2-zoo._domainkey.dkim.secutix.com'] },
        dmarc: { name: '_dmarc.zoo-basel.ch', type: 'TXT', ttl: 300, zone_id: zone, records: ['v=DMARC1; p=reject; rua=mailto:dmarc@zoo-basel.ch'] },
        mx: { name: 'zoo-basel.ch', type: 'MX', ttl: 300, zone_id: zone, records: ['10 mx1.zoo-basel.ch', '20 mx2.zoo-basel.ch'] },
      });
    });

    it('outputs the least-privilege IAM policy for exactly these names and types', () => {
      const output = zoo.output_changes?.iam_policy_json;
      expect(output?.actions).toEqual(['create']);
      const policy = JSON.parse(output!.after as string);
      const change = (type: string, names: string[]) => ({
        Sid: `Change${type[0]}${type.slice(1).toLowerCase()}RecordSets`,
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets'],
        Resource: `arn:aws:route53:::hostedzone/${zone}`,
        Condition: { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': names, 'route53:ChangeResourceRecordSetsRecordTypes': [type] } },
      });
      expect(policy).toEqual({
        Version: '2012-10-17',
        Statement: [
          change('CNAME', ['stxsel1._domainkey.zoo-basel.ch', 'stxsel2._domainkey.zoo-basel.ch']),
          change('MX', ['zoo-basel.ch']),
          change('TXT', ['_dmarc.zoo-basel.ch', 'zoo-basel.ch']),
          { Sid: 'ReadTheZoneAndItsRecordSets', Effect: 'Allow', Action: ['route53:GetHostedZone', 'route53:ListResourceRecordSets'], Resource: `arn:aws:route53:::hostedzone/${zone}` },
          { Sid: 'WaitForChangesToSync', Effect: 'Allow', Action: ['route53:GetChange'], Resource: 'arn:aws:route53:::change/*' },
        ],
      });
    });
  });

  describe('a report collector\'s stack (reportAuthorizations)', () => {
    it('plans one authorisation per institution reporting into it; the retired (forget) one is not created', () => {
      const zone = 'Z0VENDOR000000000001';
      expect(Object.values(plannedRecords(collector))).toEqual([{ name: 'news.theater.example._report._dmarc.reports.vendor.example', type: 'TXT', ttl: 600, zone_id: zone, records: ['v=DMARC1'] }]);
      expect(Object.values(actions(collector))).toEqual([['create']]);
    });

    it('its IAM policy allows changing exactly that name', () => {
      const policy = JSON.parse(collector.output_changes!.iam_policy_json!.after as string);
      expect(policy.Statement[0].Condition['ForAllValues:StringEquals']['route53:ChangeResourceRecordSetsNormalizedRecordNames']).toEqual(['news.theater.example._report._dmarc.reports.vendor.example']);
    });
  });
});
