import { z } from 'zod';
import { DMARC_ALIGNMENTS, DMARC_POLICIES, DMARC_PSD } from '../model/dmarc';
import { PROVIDERS } from '../model/providers';
import { SPF_ALL } from '../model/spf';
import { RECORD_PURPOSES } from '../model/records';

/**
 * The shape of the config file. Shape only (types, enums, unknown keys); what the values mean is checked by the
 * model, so that code using the constructs directly gets the same checks.
 */
const hostname = z.string().min(1);

const spf = z.object({ mechanisms: z.array(z.string()).optional(), all: z.enum(SPF_ALL).optional() }).strict();

/** Thresholds of `email-auth reports` before the policy takes its next step (defaults: reports/readiness/thresholds.ts). */
const rollout = z
  .object({
    days: z.number().int().min(1).optional(),
    messages: z.number().int().min(0).optional(),
    passRate: z.number().min(0).max(100).optional(),
  })
  .strict();
export type DmarcRollout = z.infer<typeof rollout>;

const dmarc = z
  .object({
    policy: z.enum(DMARC_POLICIES).optional(),
    subdomainPolicy: z.enum(DMARC_POLICIES).optional(),
    nonexistentSubdomainPolicy: z.enum(DMARC_POLICIES).optional(),
    rua: z.array(z.string()).optional(),
    ruf: z.array(z.string()).optional(),
    adkim: z.enum(DMARC_ALIGNMENTS).optional(),
    aspf: z.enum(DMARC_ALIGNMENTS).optional(),
    fo: z.union([z.string(), z.number()]).transform(String).optional(),
    t: z.boolean().optional(),
    psd: z.enum(DMARC_PSD).optional(),
    pct: z.number().optional(),
    ri: z.number().optional(),
    rf: z.string().optional(),
    /** Read by `email-auth reports` only; not part of the record. */
    rollout: rollout.optional(),
  })
  .strict();

const mx = z.object({ priority: z.number(), host: hostname }).strict();

const aws = z
  .object({
    /** @default us-east-1 (Route53 is global; the region only picks the API endpoint) */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as "eu-central-1"').optional(),
    /**
     * A profile of the shared AWS config; credentials still come from the standard chain. A name, never text for
     * Terraform to evaluate: letters, digits and `_ . @ + = : / -`.
     */
    profile: z.string().regex(/^[A-Za-z0-9_.@+=:\/-]{1,128}$/, 'expected an AWS profile name: 1 to 128 letters, digits and _ . @ + = : / -').optional(),
    /** A role to assume for the changes. */
    assumeRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'expected an IAM role ARN such as "arn:aws:iam::123456789012:role/dns"').optional(),
  })
  .strict();

const senderProfile = z
  .object({
    spfInclude: hostname,
    dkimTargetDomain: hostname,
    dkimSelectors: z.array(z.object({ selector: z.string(), targetPrefix: z.string() }).strict()),
  })
  .strict();

/** Every institution key; all optional here, because `defaults` may supply any of them. */
export const institutionFields = {
  /** A string in the file: unquoted, YAML reads `0815` as the number 815 and the DKIM targets would name `sel1-815`. */
  code: z.string(),
  domain: hostname,
  provider: z.enum(PROVIDERS),
  zoneId: z.string().min(1),
  zoneName: hostname,
  ttl: z.number(),
  spf,
  dmarc,
  mx: z.array(mx),
  keepTxt: z.array(z.string()),
  senderProfile,
  aws,
  protect: z.boolean(),
  /**
   * Offboarding: `true` synthesizes the stack without records, so the reviewed plan shows each deletion and applying it
   * removes them; `forget` writes Terraform `removed` blocks instead (Terraform >= 1.7), so Terraform forgets the
   * records and they stay in DNS, unmanaged. Either way, delete the institution from the config after the apply.
   */
  retired: z.union([z.boolean(), z.literal('forget')]),
  allowOverwrite: z.boolean(),
  /** `true` (every record set) or the purposes to adopt (the model's record purposes); `false` is no list. */
  adoptExisting: z.preprocess((v) => (v === true ? [...RECORD_PURPOSES] : v === false ? [] : v), z.array(z.enum(RECORD_PURPOSES))),
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
  local: z.object({ type: z.literal('local') }).strict(),
  s3: z
    .object({
      type: z.literal('s3'),
      bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'expected an S3 bucket name: 3 to 63 lowercase letters, digits, "." and "-"'),
      region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as "eu-central-1"'),
      /** Folder of the state files in the bucket; each stack's state is `<keyPrefix><code>.tfstate`. */
      keyPrefix: z.string().regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, 'expected "" or folder names each ending in "/", such as "email-auth/"').default('email-auth/'),
      /** S3 native state locking (Terraform >= 1.10); no DynamoDB table needed. */
      useLockfile: z.boolean().default(true),
    })
    .strict(),
  cloud: z
    .object({
      type: z.literal('cloud'),
      /** HCP Terraform organization names are letters, digits, `-` and `_`. */
      organization: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'expected an HCP Terraform organization name: letters, digits, "-" and "_"'),
      /** Each stack's workspace is `<workspacePrefix><code>`. */
      workspacePrefix: z.string().regex(/^[A-Za-z0-9_-]*$/, 'expected letters, digits, "-" and "_" (a workspace name prefix)').default('email-auth-'),
      /** An HCP Terraform project to create the workspaces in. @default - the organization's default project */
      project: z.string().regex(/^[A-Za-z0-9 _-]{1,128}$/, 'expected an HCP Terraform project name: letters, digits, spaces, "-" and "_"').optional(),
      /** Terraform Enterprise host name. @default app.terraform.io */
      hostname: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'expected a host name such as "tfe.example.com"').optional(),
    })
    .strict(),
} as const;

export type BackendConfig = z.infer<(typeof backendShapes)[keyof typeof backendShapes]>;

export const configFile = z
  .object({
    defaults: z.record(z.unknown()).optional(),
    backend: z.record(z.unknown()).optional(),
    institutions: z.array(z.record(z.unknown())).min(1, 'list at least one institution'),
  })
  .strict();

export const KNOWN_KEYS = ['defaults', 'backend', 'institutions', ...Object.keys(backendShapes.s3.shape), ...Object.keys(backendShapes.cloud.shape), ...Object.keys(institutionFields), ...Object.keys(dmarc.shape), ...Object.keys(rollout.shape), ...Object.keys(spf.shape), ...Object.keys(aws.shape), ...Object.keys(senderProfile.shape), 'priority', 'host', 'selector', 'targetPrefix'];
