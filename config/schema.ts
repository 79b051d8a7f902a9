import { z } from 'zod';
import { DMARC_ALIGNMENTS, DMARC_POLICIES, DMARC_PSD } from '../model/dmarc';
import { PROVIDERS } from '../model/providers';
import { SPF_ALL } from '../model/spf';
import { RECORD_PURPOSES } from '../model/records';
import { adoptExistingList } from './shape-transforms';

/**
 * The shape of the config file. Shape only (types, enums, unknown keys); what the values mean is checked by the
 * model, so that code using the constructs directly gets the same checks.
 */
const hostname = z.string().min(1);

// The `.describe()` texts are the help an editor shows for each key, through the JSON Schema built from this file
// (scripts/build-schema.js, shipped as dist/institutions.schema.json). They say what the key means, in the README's
// words; the rules on values are the model's and are not repeated here.
const spf = z
  .object({
    mechanisms: z
      .array(z.string())
      .describe('Extra SPF terms besides the platform include, one per entry: include:, a, mx, ip4:, ip6:, exists:, redirect=, exp=. Not all, not v=spf1. Default: none.')
      .optional(),
    all: z.enum(SPF_ALL).describe('How receivers treat mail from hosts the record does not list. +all is refused. Default: ~all.').optional(),
  })
  .strict()
  .describe('The SPF record (RFC 7208): the platform include, your extra terms, then all.');

/** Thresholds of `email-auth reports` before the policy takes its next step (defaults: reports/readiness/thresholds.ts). */
const rollout = z
  .object({
    days: z.number().int().min(1).describe('Days of aggregate reports needed before the next step. Default: 14.').optional(),
    messages: z.number().int().min(0).describe('Messages the reports must cover before the next step. Default: 100.').optional(),
    passRate: z.number().min(0).max(100).describe('Percent of messages that must pass DMARC before the next step. Default: 98.').optional(),
    rejectDays: z.number().int().min(1).describe('Days of aggregate reports at p=quarantine before the step to p=reject. Default: 30.').optional(),
    blockingMessages: z
      .number()
      .int()
      .min(1)
      .describe('Failing messages of one source over the last 90 days that block the step to p=reject (with blockingShare). Default: 10.')
      .optional(),
    blockingShare: z
      .number()
      .min(0)
      .max(100)
      .describe("Percent of the institution's messages over the last 90 days that one failing source must reach to block the step to p=reject. Default: 1.")
      .optional(),
  })
  .strict()
  .describe('Not published: the thresholds email-auth reports applies before saying the policy can take its next step.');
export type DmarcRollout = z.infer<typeof rollout>;

const dmarc = z
  .object({
    policy: z.enum(DMARC_POLICIES).describe('p: what receivers do with mail that fails DMARC. Default: none (monitor only).').optional(),
    subdomainPolicy: z.enum(DMARC_POLICIES).describe('sp: the policy for subdomains. Default: the policy.').optional(),
    nonexistentSubdomainPolicy: z.enum(DMARC_POLICIES).describe('np: the policy for subdomains that do not exist (RFC 9989). Default: the subdomain policy.').optional(),
    rua: z.array(z.string()).describe('rua: where aggregate reports go, mailto: URIs. A report domain outside your organisation must authorise it.').optional(),
    ruf: z.array(z.string()).describe('ruf: where failure reports go, mailto: URIs.').optional(),
    adkim: z.enum(DMARC_ALIGNMENTS).describe('adkim: DKIM alignment, r (relaxed, the default) or s (strict).').optional(),
    aspf: z.enum(DMARC_ALIGNMENTS).describe('aspf: SPF alignment, r (relaxed, the default) or s (strict).').optional(),
    fo: z
      .union([z.string(), z.number()])
      .transform(String)
      .describe('fo: failure reporting options, 0 or 1, d, s, as a colon list such as "d:s"; only with ruf.')
      .optional(),
    t: z.boolean().describe('t=y, test mode (RFC 9989): receivers apply one step below the policy. The way to a gradual rollout.').optional(),
    psd: z.enum(DMARC_PSD).describe('psd (RFC 9989): n makes this domain the organizational domain of itself and its subdomains; y marks a public suffix.').optional(),
    pct: z.number().describe('Removed by RFC 9989 (accepted with a warning): use t: true for a test phase.').optional(),
    ri: z.number().describe('Removed by RFC 9989 (accepted with a warning).').optional(),
    rf: z.string().describe('Removed by RFC 9989 (accepted with a warning).').optional(),
    /** Read by the config's planner (model/report-authorization-plan.ts); not part of the record. */
    publishReportAuthorization: z
      .boolean()
      .describe(
        'Not published in the record: when a report domain outside your organisation lies in a zone this config manages (another institution\'s, or a reportAuthorizations entry), publish its authorisation record <domain>._report._dmarc.<report-domain> there. Default: true.',
      )
      .optional(),
    /** Read by `email-auth reports` only; not part of the record. */
    rollout: rollout.optional(),
  })
  .strict()
  .describe('The DMARC record at _dmarc.<domain> (RFC 9989); tags written in a fixed order.');

const mx = z
  .object({
    priority: z.number().describe('Preference, 0 to 65535: lower is tried first.'),
    host: hostname.describe('The mail server, a host name; "." with priority 0 alone is a null MX.'),
  })
  .strict();

const aws = z
  .object({
    /** @default us-east-1 (Route53 is global; the region only picks the API endpoint) */
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as "eu-central-1"')
      .describe('The AWS provider region, such as eu-central-1. Default: us-east-1.')
      .optional(),
    /**
     * A profile of the shared AWS config; credentials still come from the standard chain. A name, never text for
     * Terraform to evaluate: letters, digits and `_ . @ + = : / -`.
     */
    profile: z
      .string()
      .regex(/^[A-Za-z0-9_.@+=:\/-]{1,128}$/, 'expected an AWS profile name: 1 to 128 letters, digits and _ . @ + = : / -')
      .describe('A profile of the shared AWS config files. Credentials still come from the standard chain.')
      .optional(),
    /** A role to assume for the changes. */
    assumeRoleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN such as "arn:aws:iam::123456789012:role/dns"')
      .describe('An IAM role ARN to assume for the changes.')
      .optional(),
  })
  .strict()
  .describe('Route53 only: the AWS provider of the stack.');

const senderProfile = z
  .object({
    spfInclude: hostname.describe('The domain the SPF record includes. SecuTix: spf.secutix.com.'),
    dkimTargetDomain: hostname.describe('The domain under which the platform publishes its DKIM keys. SecuTix: dkim.secutix.com.'),
    dkimSelectors: z
      .array(
        z
          .object({
            selector: z.string().describe('The selector the platform signs with, published at <selector>._domainkey.<domain>.'),
            targetPrefix: z.string().describe('The CNAME target is <targetPrefix>-<code>._domainkey.<dkimTargetDomain>.'),
          })
          .strict(),
      )
      .describe('The DKIM selectors, two so that keys can rotate. SecuTix: stxsel1 → sel1, stxsel2 → sel2.'),
  })
  .strict()
  .describe('The sending platform\'s names, to serve another platform than SecuTix.');

/** Every institution key; all optional here, because `defaults` may supply any of them. */
export const institutionFields = {
  /** A string in the file: unquoted, YAML reads `0815` as the number 815 and the DKIM targets would name `sel1-815`. */
  code: z.string().describe('The institution code at the platform, a string (quote "0815"). Names the stack email-auth-<code> and the DKIM targets.'),
  domain: hostname.describe('The domain of the sender address configured in the sales channel, e.g. mosamuseum.com.'),
  provider: z.enum(PROVIDERS).describe('Where the zone is: route53 or cloudflare.'),
  zoneId: z.string().min(1).describe('The zone: a Route53 hosted zone id (Z...) or a Cloudflare zone id (32 hex). Or give zoneName.'),
  zoneName: hostname.describe('The zone, looked up by name; the domain must be inside it. Or give zoneId.'),
  ttl: z.number().describe('Seconds. Default: Route53 3600, Cloudflare 1 (automatic); Cloudflare takes 1 or 60 to 86400.'),
  spf,
  dmarc,
  mx: z.array(mx).describe('MX records of the domain. Default: none managed.'),
  keepTxt: z.array(z.string()).describe('Route53: other TXT values at the domain that must stay (e.g. google-site-verification=...). Not SPF or DMARC.'),
  senderProfile,
  aws,
  protect: z.boolean().describe('prevent_destroy on every record: a plan that would delete one fails. Default: false.'),
  /**
   * Offboarding: `true` synthesizes the stack without records, so the reviewed plan shows each deletion and applying it
   * removes them; `forget` writes Terraform `removed` blocks instead (Terraform >= 1.7), so Terraform forgets the
   * records and they stay in DNS, unmanaged. Either way, delete the institution from the config after the apply.
   */
  retired: z
    .union([z.boolean(), z.literal('forget')])
    .describe('Offboarding: true deletes the records through the reviewed plan; forget makes Terraform forget them (they stay in DNS).'),
  allowOverwrite: z.boolean().describe('Route53 only: let Terraform overwrite record sets that exist (their values are replaced).'),
  /**
   * `true` (every record set) or the purposes to adopt (the model's record purposes); `false` is no list. A union,
   * not a preprocess, so that the schema (and the JSON Schema built from it) says what the file may hold.
   */
  adoptExisting: z
    .union([z.boolean(), z.array(z.enum(RECORD_PURPOSES))])
    .transform(adoptExistingList)
    .describe('Route53 with zoneId only: import existing record sets into Terraform state. true, or a list of spf, dkim, dmarc, mx.'),
};

export const partialInstitution = z.object(institutionFields).partial().strict();
export type PartialInstitution = z.infer<typeof partialInstitution>;

export const REQUIRED_INSTITUTION_KEYS = ['code', 'domain', 'provider'] as const;

/**
 * Where Terraform keeps each stack's state. Checked in two steps (the `type`, then that type's own keys) so that an
 * error names the one field at fault (`backend.bucket: is required`), not a union of every shape.
 */
export const BACKEND_TYPES = ['local', 's3', 'cloud'] as const;
export const backendType = z.object({ type: z.enum(BACKEND_TYPES).default('local') }).passthrough();

export const backendShapes = {
  /** State files on the machine that runs Terraform: fine for one person, not for pipelines. */
  local: z.object({ type: z.literal('local') }).strict().describe('State in terraform.<stack>.tfstate in the project folder (the default).'),
  s3: z
    .object({
      type: z.literal('s3'),
      bucket: z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." and "-"')
        .describe('The S3 bucket that holds the state files.'),
      region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as "eu-central-1"').describe('The bucket\'s region.'),
      /** Folder of the state files in the bucket; each stack's state is `<keyPrefix><code>.tfstate`. */
      keyPrefix: z
        .string()
        .regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, 'expected "" or folder names each ending in "/", such as "email-auth/"')
        .default('email-auth/')
        .describe('Folder of the state files in the bucket: <keyPrefix><code>.tfstate. Default: email-auth/.'),
      /** S3 native state locking (Terraform >= 1.10); no DynamoDB table needed. */
      useLockfile: z.boolean().default(true).describe('S3 native state locking (Terraform >= 1.10). Default: true.'),
    })
    .strict()
    .describe('One state object per stack in an S3 bucket, with S3 native locking.'),
  cloud: z
    .object({
      type: z.literal('cloud'),
      /** HCP Terraform organization names are letters, digits, `-` and `_`. */
      organization: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,128}$/, 'expected an HCP Terraform organization name: letters, digits, "-" and "_"')
        .describe('The HCP Terraform organization.'),
      /** Each stack's workspace is `<workspacePrefix><code>`. */
      workspacePrefix: z
        .string()
        .regex(/^[A-Za-z0-9_-]*$/, 'expected letters, digits, "-" and "_" (a workspace name prefix)')
        .default('email-auth-')
        .describe('Each stack\'s workspace is <workspacePrefix><code>. Default: email-auth-.'),
      /** An HCP Terraform project to create the workspaces in. @default - the organization's default project */
      project: z
        .string()
        .regex(/^[A-Za-z0-9 _-]{1,128}$/, 'expected an HCP Terraform project name: letters, digits, spaces, "-" and "_"')
        .describe('An HCP Terraform project to create the workspaces in. Default: the organization\'s default project.')
        .optional(),
      /** Terraform Enterprise host name. @default app.terraform.io */
      hostname: z
        .string()
        .regex(/^[a-z0-9.-]+(:\d+)?$/i, 'expected a host name such as "tfe.example.com"')
        .describe('Terraform Enterprise host name. Default: app.terraform.io.')
        .optional(),
    })
    .strict()
    .describe('HCP Terraform / Terraform Enterprise, one workspace per institution.'),
} as const;

export type BackendConfig = z.infer<(typeof backendShapes)[keyof typeof backendShapes]>;

/**
 * A zone the config manages only to authorise DMARC reports (a central report collector's): its own stack,
 * `email-auth-reports-<name>`, with one authorisation record per institution whose rua or ruf points into
 * `reportDomain` (model/report-authorization-plan.ts).
 */
export const reportCollector = z
  .object({
    /** Names the stack and its state (`reports-<name>` as a code), so the same characters as a code, and no more than fit. */
    name: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,46}[a-z0-9])?$/, 'expected 1 to 48 lowercase letters, digits and hyphens, not starting or ending with a hyphen, such as "vendor"')
      .describe('Names the stack email-auth-reports-<name> and its state: lowercase letters, digits and hyphens.'),
    reportDomain: hostname.describe('The domain of the report addresses (mailto:…@<reportDomain>) this zone authorises; it must lie in the zone.'),
    provider: z.enum(PROVIDERS).describe('Where the zone is: route53 or cloudflare.'),
    zoneId: z.string().min(1).describe('The zone: a Route53 hosted zone id (Z...) or a Cloudflare zone id (32 hex). Or give zoneName.').optional(),
    zoneName: hostname.describe('The zone, looked up by name; reportDomain must be inside it. Or give zoneId.').optional(),
    ttl: z.number().describe('Seconds. Default: Route53 3600, Cloudflare 1 (automatic); Cloudflare takes 1 or 60 to 86400.').optional(),
    aws: aws.optional(),
    protect: z.boolean().describe('prevent_destroy on every record: a plan that would delete one fails. Default: false.').optional(),
    allowOverwrite: z.boolean().describe('Route53 only: let Terraform overwrite record sets that exist, such as authorisation records published by hand.').optional(),
  })
  .strict()
  .describe(
    'A zone this config manages only to authorise DMARC reports (a report collector\'s): one stack, email-auth-reports-<name>, with one <domain>._report._dmarc.<reportDomain> TXT "v=DMARC1" per institution whose rua or ruf points into reportDomain.',
  );
export type ReportCollectorEntry = z.infer<typeof reportCollector>;

export const configFile = z
  .object({
    defaults: z.record(z.unknown()).optional(),
    backend: z.record(z.unknown()).optional(),
    institutions: z.array(z.record(z.unknown())).min(1, 'list at least one institution'),
    reportAuthorizations: z.array(z.record(z.unknown())).optional(),
  })
  .strict();

export const KNOWN_KEYS = ['defaults', 'backend', 'institutions', 'reportAuthorizations', ...Object.keys(reportCollector.shape), ...Object.keys(backendShapes.s3.shape), ...Object.keys(backendShapes.cloud.shape), ...Object.keys(institutionFields), ...Object.keys(dmarc.shape), ...Object.keys(rollout.shape), ...Object.keys(spf.shape), ...Object.keys(aws.shape), ...Object.keys(senderProfile.shape), 'priority', 'host', 'selector', 'targetPrefix'];
