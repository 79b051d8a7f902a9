import { z } from 'zod';
import { DMARC_ALIGNMENTS, DMARC_POLICIES, DMARC_PSD } from '../model/dmarc';
import { PROVIDERS } from '../model/providers';
import { SPF_ALL } from '../model/spf';

/**
 * The shape of the config file. Shape only (types, enums, unknown keys); what the values mean is checked by the
 * model, so that code using the constructs directly gets the same checks.
 */
const hostname = z.string().min(1);

const spf = z.object({ mechanisms: z.array(z.string()).optional(), all: z.enum(SPF_ALL).optional() }).strict();

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
  })
  .strict();

const mx = z.object({ priority: z.number(), host: hostname }).strict();

const aws = z
  .object({
    /** @default us-east-1 (Route53 is global; the region only picks the API endpoint) */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as "eu-central-1"').optional(),
    /** A profile of the shared AWS config; credentials still come from the standard chain. */
    profile: z.string().min(1).optional(),
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
  code: z.union([z.string(), z.number()]).transform(String),
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
  allowOverwrite: z.boolean(),
};

export const partialInstitution = z.object(institutionFields).partial().strict();
export type PartialInstitution = z.infer<typeof partialInstitution>;

export const REQUIRED_INSTITUTION_KEYS = ['code', 'domain', 'provider'] as const;

export const configFile = z
  .object({
    defaults: z.record(z.unknown()).optional(),
    institutions: z.array(z.record(z.unknown())).min(1, 'list at least one institution'),
  })
  .strict();

export const KNOWN_KEYS = ['defaults', 'institutions', ...Object.keys(institutionFields), ...Object.keys(dmarc.shape), ...Object.keys(spf.shape), ...Object.keys(aws.shape), ...Object.keys(senderProfile.shape), 'priority', 'host', 'selector', 'targetPrefix'];
