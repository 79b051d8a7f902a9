import { TtlRule } from './records';
import { isWithinZone, normalizeDomain, validateHostname } from './names';
import { Problems, show } from './problems';

export const PROVIDERS = ['route53', 'cloudflare'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** What differs between providers in validation: how TTLs and zone ids look. */
export interface ProviderRules {
  readonly ttl: TtlRule;
  readonly zoneIdPattern: RegExp;
  readonly zoneIdRule: string;
}

/** Cloudflare's TTL 1 means "automatic". */
export const CLOUDFLARE_AUTO_TTL = 1;

export const PROVIDER_RULES: Record<ProviderName, ProviderRules> = {
  route53: {
    ttl: { default: 3600, check: () => undefined },
    zoneIdPattern: /^Z[A-Z0-9]{1,32}$/,
    zoneIdRule: 'a Route53 hosted zone id is "Z" followed by up to 32 upper-case letters and digits, without "/hostedzone/"',
  },
  cloudflare: {
    ttl: {
      default: CLOUDFLARE_AUTO_TTL,
      check: (ttl) => (ttl === CLOUDFLARE_AUTO_TTL || (ttl >= 60 && ttl <= 86400) ? undefined : 'Cloudflare takes 1 (automatic) or 60 to 86400 seconds'),
    },
    zoneIdPattern: /^[0-9a-f]{32}$/,
    zoneIdRule: 'a Cloudflare zone id is 32 lowercase hexadecimal characters',
  },
};

/** Where the records go: a zone by id, or by name (looked up). */
export interface ZonePlacement {
  /** @default - looked up by zoneName */
  readonly zoneId?: string;
  /** The zone's name; the domain must be inside it. @default - none; zoneId is then required */
  readonly zoneName?: string;
}

/**
 * Checks the zone reference and that the domain lies inside the named zone. `isUnresolved` tells which strings are
 * deploy-time tokens, which cannot be checked now (the constructs pass cdktf's Token.isUnresolved). `domainField`
 * names the field the domain came from, for the message.
 */
/** One function for every call without tokens, rather than a new closure each time. */
const NEVER_UNRESOLVED = (): boolean => false;

export function checkPlacement(
  placement: ZonePlacement,
  domain: string,
  rules: ProviderRules,
  problems: Problems,
  isUnresolved: (value: string) => boolean = NEVER_UNRESOLVED,
  domainField = 'domain',
): void {
  const { zoneId, zoneName } = placement;
  if (zoneId === undefined && zoneName === undefined) problems.at('zoneId').error(`give zoneId or zoneName: the zone that holds the ${domainField}`);
  if (zoneId !== undefined && !isUnresolved(zoneId) && !rules.zoneIdPattern.test(zoneId)) problems.at('zoneId').error(`${rules.zoneIdRule}, got ${show(zoneId)}`);
  if (zoneName !== undefined && !isUnresolved(zoneName)) {
    const zone = normalizeDomain(zoneName);
    if (validateHostname(zone, problems.at('zoneName'), 'zoneName') && !isWithinZone(domain, zone)) {
      problems.at(domainField).error(`${show(domain)} is not inside zone ${show(zone)}`);
    }
  }
}
