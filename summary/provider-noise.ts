/**
 * Updates that change nothing in DNS: the Cloudflare provider v5 plans them for attributes it computes or
 * normalises itself, on every run, for records nobody touched. Listed as changes they bury the real ones (a plan of
 * 50 domains turns into "complete custard", cloudflare/terraform-provider-cloudflare#5517), so the summary leaves
 * them out and counts them.
 *
 * An update is noise when every attribute that differs is one of these, and differs only as described; any other
 * difference (content, name, type, zone, a real TTL, a comment that really changes) keeps it a change.
 */
import { PlanResourceChange } from './plan-json';

/** The provider's resource with these quirks. */
const CLOUDFLARE_RECORD = 'cloudflare_dns_record';

type Value = unknown;
/** Whether two values of one attribute mean the same to DNS, given whether the new one is known only after apply. */
type Same = (before: Value, after: Value, unknownAfter: Value) => boolean;

const isUnknown = (flag: Value) => flag === true;
const isEmpty = (v: Value) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Attributes the provider sets itself (ids, timestamps, `meta`, `proxiable`): shown as "(known after apply)" on every
 * plan (#5517). They are not DNS.
 */
const computed: Same = () => true;

/** `comment` and `tags`: null, empty and "(known after apply)" all mean none (#5517: `+ comment = (known after apply)`, `tags = []`). */
const emptyAlike: Same = (before, after, unknownAfter) => (isEmpty(before) && (isEmpty(after) || isUnknown(unknownAfter))) || sameJson(before, after);

/** `ttl`: 1 is Cloudflare's "automatic"; a missing or not yet known TTL is the same automatic TTL. */
const ttl: Same = (before, after, unknownAfter) => {
  const auto = (v: Value) => v === null || v === undefined || v === 1;
  return before === after || (auto(before) && (auto(after) || isUnknown(unknownAfter)));
};

/** `proxied`: null is the default, DNS only, the same as false. */
const proxied: Same = (before, after) => before === after || (before !== true && after !== true);

/**
 * `settings` (`ipv4_only`, `ipv6_only`, `flatten_cname`): false, null, absent and "(known after apply)" are the
 * defaults (#6195: `settings = { ipv4_only = false }` planned on every run; #5517: `+ flatten_cname = false`,
 * `+ ipv4_only = (known after apply)`). A setting switched on is a change.
 */
const settings: Same = (before, after, unknownAfter) => {
  const flags = (v: Value) => (isObject(v) ? v : {});
  const [was, now] = [flags(before), flags(after)];
  if (isUnknown(unknownAfter)) return Object.values(was).every((v) => v !== true);
  // A flag known only after apply is null in `after`: off before and not switched on is the default on both sides.
  return [...new Set([...Object.keys(was), ...Object.keys(now)])].every((key) => was[key] === now[key] || (was[key] !== true && now[key] !== true));
};

/**
 * `data` (CAA, SRV and the like): null, "(known after apply)" and a block whose fields are all null are no data; a
 * block with values is compared with its null fields left out (#5411, #5383: records with a `data` block diff on every
 * plan).
 */
const data: Same = (before, after, unknownAfter) => {
  const defined = (v: Value) => (isObject(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined)) : {});
  const [was, now] = [defined(before), defined(after)];
  if (isUnknown(unknownAfter)) return Object.keys(was).length === 0;
  return sameJson(was, now);
};

/** Every attribute of `cloudflare_dns_record` whose difference can be noise, and how. Anything else must be equal. */
const CLOUDFLARE_NOISE: Readonly<Record<string, Same>> = {
  id: computed,
  created_on: computed,
  modified_on: computed,
  comment_modified_on: computed,
  tags_modified_on: computed,
  meta: computed,
  proxiable: computed,
  comment: emptyAlike,
  tags: emptyAlike,
  ttl,
  proxied,
  settings,
  data,
};

/** True when a planned update of a Cloudflare record changes nothing but the provider's own noise. */
export function isProviderNoise(rc: PlanResourceChange): boolean {
  if (rc.type !== CLOUDFLARE_RECORD || rc.change.actions.join(',') !== 'update') return false;
  const { before, after } = rc.change;
  if (!before || !after) return false;
  const unknown = rc.change.after_unknown ?? {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)])) {
    const rule = Object.hasOwn(CLOUDFLARE_NOISE, key) ? CLOUDFLARE_NOISE[key]! : undefined;
    if (rule) {
      if (!rule(before[key], after[key], unknown[key])) return false;
    } else if (unknown[key] !== undefined && unknown[key] !== false) {
      return false; // a DNS attribute known only after apply: that may well be a change
    } else if (!sameJson(before[key], after[key])) {
      return false;
    }
  }
  return true;
}

function isObject(v: Value): v is Record<string, Value> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep equality of plan values (JSON: no cycles, bounded by the plan's own size). */
function sameJson(a: Value, b: Value): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
