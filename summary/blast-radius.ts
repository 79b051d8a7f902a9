import { md, MdText } from './markdown-text';
import { ChangeReport, RecordChange } from './record-change';
import { authRecordRemoved } from './risks/auth-record-removed';
import { authorizedDomain } from './classify';

/** When a change is a mass change that needs a deliberate second look (issue: blast-radius guard). */
export interface BlastRadiusLimits {
  /**
   * SPF, DKIM and DMARC records (and DMARC report authorisations) of institutions that are not retired that may be
   * deleted or replaced.
   * @default 0 (any such deletion trips the guard: offboarding goes through `retired: true`)
   */
  readonly maxAuthRemovals: number;
  /**
   * Share of the institutions a change may touch, in percent; judged only from {@link minTouched} touched
   * institutions on.
   * @default 20
   */
  readonly maxTouchedPercent: number;
  /**
   * The fewest touched institutions that can be a mass change: in a fleet of 2, a change to both is 100 % but no
   * mass change. At least 2: one institution alone is never a mass change. Deletions of SPF, DKIM and DMARC records
   * count from the first, whatever this says ({@link maxAuthRemovals}).
   * @default 5
   */
  readonly minTouched: number;
}

export const DEFAULT_BLAST_RADIUS: BlastRadiusLimits = { maxAuthRemovals: 0, maxTouchedPercent: 20, minTouched: 5 };

/** What the summary knows about the fleet, from the config when it is given one. */
export interface Fleet {
  /** Institutions in the config; without a config, the stacks in the report. */
  readonly size?: number;
  /** Stacks of retired institutions: their deletions are the point of retiring them. */
  readonly retired: ReadonlySet<string>;
  /**
   * Each institution's stack by its domain. A DMARC report authorisation lives in the stack of the zone that holds the
   * report domain (another institution's, or a `reportAuthorizations` entry's), but belongs to the institution it
   * authorises: its changes count for that institution. @default - every change counts for the stack it is in
   */
  readonly stackOfDomain?: ReadonlyMap<string, string>;
}

export interface BlastRadius {
  readonly tripped: boolean;
  /** Why, one sentence per limit passed; empty when not tripped. */
  readonly reasons: readonly MdText[];
  readonly authRemovals: number;
  readonly touched: number;
  /** Institutions the share is taken of; undefined when unknown (plans without `--config`: the share is not judged). */
  readonly fleet?: number;
}

/** Deletes, replaces or drops from its set an SPF, DKIM or DMARC record (a record set counts once): the risk rule's test. */
function removesAuthRecord(change: RecordChange): boolean {
  return authRecordRemoved(change).length > 0;
}

/** The stack of the institution a change is about: the one a report authorisation authorises, else its own. */
function institutionOf(change: RecordChange, fleet: Fleet): string {
  const domain = fleet.stackOfDomain && authorizedDomain(change.nameBefore ?? change.name);
  return (domain !== undefined && fleet.stackOfDomain!.get(domain)) || change.stack;
}

/**
 * Measures a change against the limits. Works alike on plans and on two synth outputs: both give record changes per
 * stack. An orphaned stack (gone from the config) is touched; its records are not deleted, so they do not count as
 * removals. A report authorisation counts for the institution it authorises (retiring an institution takes its
 * authorisations out of other stacks: that is one institution touched, and no removal of a live one).
 */
export function blastRadius(report: ChangeReport, fleet: Fleet, limits: BlastRadiusLimits = DEFAULT_BLAST_RADIUS): BlastRadius {
  const changes = report.stacks.flatMap((s) => s.changes.map((c) => ({ change: c, institution: institutionOf(c, fleet) })));
  const authRemovals = changes.filter((c) => !fleet.retired.has(c.institution) && removesAuthRecord(c.change)).length;
  const touched = new Set([...changes.map((c) => c.institution), ...report.stacks.filter((s) => s.orphaned).map((s) => s.stack)]).size;
  // Plans cover the stacks that change only: without the config, the fleet they belong to is unknown.
  const known = fleet.size ?? (report.source === 'synth' ? report.stacks.length : undefined);
  const size = known === undefined ? undefined : Math.max(known, touched, 1);
  const reasons: MdText[] = [];
  if (authRemovals > limits.maxAuthRemovals) {
    reasons.push(md`deletes or replaces ${authRemovals} SPF, DKIM or DMARC record${authRemovals === 1 ? md`` : md`s`} of institutions that are not retired (limit ${limits.maxAuthRemovals}; to offboard an institution, set ${'retired: true'})`);
  }
  if (size !== undefined && touched >= Math.max(2, limits.minTouched) && (touched / size) * 100 > limits.maxTouchedPercent) {
    reasons.push(md`touches ${touched} of ${size} institutions (${Math.round((touched / size) * 100)} %, limit ${limits.maxTouchedPercent} %)`);
  }
  return { tripped: reasons.length > 0, reasons, authRemovals, touched, ...(size !== undefined && { fleet: size }) };
}

/** The banner a summary starts with when the guard trips: a GitHub alert, so it stands out in the comment. */
export function blastRadiusBanner(radius: BlastRadius, label = 'dns-mass-change'): string[] {
  if (!radius.tripped) return [];
  const why = radius.reasons.map((r) => r.markdown).join('; and it ');
  return ['> [!CAUTION]', `> **Mass change**: this change ${why}. Review it as one: the pipeline plans it only with the ${md`${label}`.markdown} label.`];
}
