import { Problems } from '../model/problems';

/** Keys that look like credentials, and where the credential belongs instead. */
const SECRET_KEYS: readonly { pattern: RegExp; advice: string }[] = [
  { pattern: /^(cloudflare[-_]?)?api[-_]?(token|key)$|^token$/i, advice: 'set the CLOUDFLARE_API_TOKEN environment variable instead' },
  { pattern: /access[-_]?key|secret[-_]?(access[-_]?)?key|session[-_]?token|^aws[-_]?(secret|key)/i, advice: 'use the standard AWS credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO or a role) instead' },
  { pattern: /password|passwd|secret|credential|private[-_]?key|token/i, advice: 'keep secrets in environment variables or a secret store, never in this file' },
];

/** Whether a key looks like it holds a credential (what {@link refuseSecrets} reports). */
export function looksLikeSecret(key: string): boolean {
  return SECRET_KEYS.some((r) => r.pattern.test(key));
}

/**
 * Finds keys that look like credentials anywhere in the parsed file and reports each as an error: a config file is
 * committed and reviewed, so it must never hold one. Returns a copy without those keys, so that the schema check
 * does not report them a second time as unknown keys.
 */
export function refuseSecrets(node: unknown, problems: Problems): unknown {
  if (Array.isArray(node)) return node.map((item, i) => refuseSecrets(item, problems.at(i)));
  if (node === null || typeof node !== 'object') return node;
  const kept: Record<string, unknown> = Object.create(null);
  for (const [key, child] of Object.entries(node)) {
    const rule = SECRET_KEYS.find((r) => r.pattern.test(key));
    if (rule) problems.at(key).error(`looks like a credential; config files are committed and must not hold secrets: ${rule.advice}`);
    else kept[key] = refuseSecrets(child, problems.at(key));
  }
  return kept;
}
