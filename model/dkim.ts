import { fqdn, MAX_LABEL_LENGTH, validateHostname } from './names';
import { Problems, show } from './problems';
import { SenderProfile } from './sender-profile';

export interface DkimCname {
  readonly selector: string;
  /** `<selector>._domainkey.<domain>` */
  readonly name: string;
  /** `<prefix>-<code>._domainkey.<dkimTargetDomain>`, FQDN without trailing dot (one form, no diffs). */
  readonly target: string;
}

/** Lowercases an institution code and checks that `<prefix>-<code>` is a valid DNS label. */
export function normalizeCode(code: string): string {
  return code.trim().toLowerCase();
}

export function validateCode(code: string, profile: SenderProfile, problems: Problems): boolean {
  if (code === '') {
    problems.error('institution code must not be empty');
    return false;
  }
  if (!/^[a-z0-9-]+$/.test(code) || code.endsWith('-')) {
    const firstLabel = `${profile.dkimSelectors[0]?.targetPrefix ?? 'sel1'}-${code}`;
    problems.error(
      `institution code must be letters, digits and hyphens, not ending with a hyphen (it becomes the DNS label ${show(firstLabel)}), got ${show(code)}`,
    );
    return false;
  }
  // A loop, not find: this runs for every institution.
  let tooLong: string | undefined;
  const selectors = profile.dkimSelectors;
  for (let i = 0; i < selectors.length; i++) {
    const targetPrefix = selectors[i]!.targetPrefix;
    if (targetPrefix.length + 1 + code.length > MAX_LABEL_LENGTH) {
      tooLong = `${targetPrefix}-${code}`;
      break;
    }
  }
  if (tooLong) {
    problems.error(`institution code is too long: the DNS label ${show(tooLong)} has ${tooLong.length} characters, at most ${MAX_LABEL_LENGTH} allowed`);
    return false;
  }
  return true;
}

export function validateProfile(profile: SenderProfile, problems: Problems): void {
  validateHostname(profile.spfInclude, problems.at('spfInclude'), 'SPF include domain');
  validateHostname(profile.dkimTargetDomain, problems.at('dkimTargetDomain'), 'DKIM target domain');
  if (profile.dkimSelectors.length === 0) problems.at('dkimSelectors').error('at least one DKIM selector pair is required');
  const seen = new Set<string>();
  profile.dkimSelectors.forEach(({ selector, targetPrefix }, i) => {
    const at = problems.at('dkimSelectors').at(i);
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(selector)) at.at('selector').error(`selector must be one DNS label of lowercase letters, digits and hyphens, got ${show(selector)}`);
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(targetPrefix)) at.at('targetPrefix').error(`targetPrefix must be one DNS label of lowercase letters, digits and hyphens, got ${show(targetPrefix)}`);
    if (seen.has(selector)) at.at('selector').error(`selector ${show(selector)} is listed twice`);
    seen.add(selector);
  });
}

/** The CNAMEs that delegate the platform's DKIM keys: one per selector pair. */
export function dkimCnames(domain: string, code: string, profile: SenderProfile): DkimCname[] {
  // A loop, not map: this runs for every institution.
  const selectors = profile.dkimSelectors;
  const cnames: DkimCname[] = [];
  for (let i = 0; i < selectors.length; i++) {
    const { selector, targetPrefix } = selectors[i]!;
    cnames.push({ selector, name: fqdn(`${selector}._domainkey`, domain), target: fqdn(`${targetPrefix}-${code}._domainkey`, profile.dkimTargetDomain) });
  }
  return cnames;
}
