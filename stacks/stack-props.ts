import { InstitutionConfig } from '../config/load';
import { EmailAuthProps } from '../constructs/email-auth-base';

/** cdktf writes each stack to `<outdir>/stacks/<stack>` and runs terraform there (cdktf's Manifest.stacksFolder). */
export const STACKS_FOLDER = 'stacks';

/** The file next to each Route53 stack's cdk.tf.json holding its least-privilege IAM policy (`iamPolicy`). */
export const IAM_POLICY_FILE = 'iam-policy.json';

/** `email-auth-<code>`: the stack's name, its folder in cdktf.out and its state file. */
export function stackName(code: string): string {
  return `email-auth-${code}`;
}

/** The construct props of an institution: the config minus what belongs to the stack (provider, aws...). */
export function emailAuthProps(inst: InstitutionConfig): EmailAuthProps {
  const { domain, code, spf, dmarc, mx, keepTxt, ttl, senderProfile, zoneId, zoneName, protect } = inst;
  return { domain, code, spf, dmarc, mx, keepTxt, ttl, senderProfile, zoneId, zoneName, protect };
}
