// What to do about a terraform failure whose cause is outside the stack: missing or refused credentials, a registry
// that cannot be reached. Terraform's own text names the symptom ("No valid credential sources found"); the hint
// names what to set, in this project's terms (the config key, the workflow's variables, the token's scopes).
// Pure: terraform's text in, hint lines out. The message texts matched are the providers' own (see the unit tests).

/** The terraform command that failed: the Cloudflare token needs Read to plan and Edit to apply. */
export type TerraformStep = 'plan' | 'apply' | 'lock';

interface HintRule {
  readonly id: string;
  /** Tested against terraform's text with its line wrapping undone (terraform wraps its errors at 78 columns). */
  readonly pattern: RegExp;
  readonly hint: (step: TerraformStep, match: RegExpExecArray) => string;
}

const CLOUDFLARE_SCOPES = (step: TerraformStep) =>
  `Zone → DNS → ${step === 'apply' ? 'Edit' : 'Read'}${step === 'apply' ? '' : ' for plan (Edit for apply)'}, and Zone → Zone → Read for institutions placed by zoneName`;

const AWS_ROLE = (step: TerraformStep) => (step === 'apply' ? 'AWS_DEPLOY_ROLE_ARN' : 'AWS_PLAN_ROLE_ARN');

/** Each rule that matches gives its hint, in this order; several may match one text. */
const RULES: readonly HintRule[] = [
  {
    // aws-sdk-go-base's NoValidCredentialSourcesError, and what follows it when nothing on the machine has credentials.
    id: 'aws-credentials-missing',
    pattern: /No valid credential sources found|failed to refresh cached credentials|no EC2 IMDS role found/i,
    hint: (step) =>
      `hint: AWS credentials are missing. Locally, set AWS_PROFILE to a profile of ~/.aws/config (or give the institution aws.profile in the config); ` +
      `in the workflow, set the repository variable ${AWS_ROLE(step)} to the IAM role the job assumes through OIDC.`,
  },
  {
    id: 'aws-profile-unknown',
    pattern: /failed to get shared config profile, ?([^\s,]+)/i,
    hint: (_step, m) =>
      `hint: the AWS profile ${JSON.stringify(m[1])} is not in ~/.aws/config (or $AWS_CONFIG_FILE): create it (aws configure --profile ${m[1]}), or correct AWS_PROFILE or aws.profile in the config.`,
  },
  {
    id: 'aws-credentials-refused',
    pattern: /InvalidClientTokenId|ExpiredToken|SignatureDoesNotMatch|security token included in the request is (?:invalid|expired)/i,
    hint: () => 'hint: AWS refused the credentials (invalid or expired): renew them (aws sso login, or new keys), or check which AWS_PROFILE is in use.',
  },
  {
    id: 'aws-role-refused',
    pattern: /Cannot assume IAM Role|not authorized to perform:? sts:AssumeRole/i,
    hint: () => "hint: the IAM role could not be assumed: check aws.assumeRoleArn in the config, and that the role's trust policy allows the identity in use.",
  },
  {
    // Cloudflare API error 9106, as the v5 provider passes it on ("failed to make http request" … 400 Bad Request).
    id: 'cloudflare-token-missing',
    pattern: /Missing X-Auth-Key, X-Auth-Email or Authorization headers|"code":\s*9106\b/i,
    hint: (step) => `hint: CLOUDFLARE_API_TOKEN is not set. Create an API token with ${CLOUDFLARE_SCOPES(step)}, and set it in CLOUDFLARE_API_TOKEN.`,
  },
  {
    // Cloudflare API errors 6111 (malformed), 9109 (invalid), 10000 and 10001 (refused, or missing a permission).
    id: 'cloudflare-token-refused',
    pattern: /Invalid format for Authorization header|Invalid access token|Unable to authenticate request|"code":\s*(?:6111|9109|10000|10001)\b|Authentication error/i,
    hint: (step) => `hint: Cloudflare refused the API token in CLOUDFLARE_API_TOKEN: check that it is current and has ${CLOUDFLARE_SCOPES(step)}, on the zone of the institution.`,
  },
  {
    // terraform init and terraform providers lock, when the registry's discovery document cannot be fetched.
    id: 'registry-unreachable',
    pattern: /could not connect to (?:registry\.terraform\.io|registry\.opentofu\.org|releases\.hashicorp\.com)|Failed to query available provider packages.*(?:no such host|i\/o timeout|connection refused|TLS handshake timeout)/i,
    hint: (step) =>
      step === 'lock'
        ? 'hint: the provider registry cannot be reached from here. Lock from a provider mirror instead: email-auth lock --fs-mirror DIR (a folder laid out by `terraform providers mirror DIR`).'
        : `hint: the provider registry cannot be reached from here. Install the providers from a mirror: email-auth ${step} --fs-mirror DIR (a folder laid out by \`terraform providers mirror DIR\`).`,
  },
];

/** The hints for terraform's error text, one line each, one per kind of cause; none when nothing matches. */
export function terraformHints(text: string, step: TerraformStep): string[] {
  // Bounded: terraform's captured output is at most a few hundred KB; the patterns are linear.
  const flat = text.replace(/\s+/g, ' ');
  const found: { id: string; line: string }[] = [];
  for (const rule of RULES) {
    const match = rule.pattern.exec(flat);
    if (match) found.push({ id: rule.id, line: rule.hint(step, match) });
  }
  // A profile that does not exist also leaves no credentials: the more specific hint is enough.
  const specific = found.some((f) => f.id === 'aws-profile-unknown');
  return found.filter((f) => !(specific && f.id === 'aws-credentials-missing')).map((f) => f.line);
}

/** The rule ids, for tests and docs. */
export const HINT_IDS = RULES.map((r) => r.id);
