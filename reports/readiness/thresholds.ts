/**
 * The readiness thresholds, in one table: what each means, its default, its config key and its flag. Config
 * (`dmarc.rollout` per institution or in `defaults`) overrides the default; a flag overrides both.
 */
export interface Thresholds {
  /** Days with reports while receivers saw the current policy. */
  readonly days: number;
  /** Messages reported over the window. */
  readonly messages: number;
  /** DMARC pass rate over the window, in percent. */
  readonly passRate: number;
  /** Days with reports at `p=quarantine` before the step to `p=reject` (it replaces `days` for that step). */
  readonly rejectDays: number;
  /**
   * A source whose mail failed DMARC over the last {@link BLOCKING_WINDOW_DAYS} days blocks the step to `p=reject`
   * when its failures reach both this many messages and {@link Thresholds.blockingShare} percent of the institution's
   * messages over those days: the sender that mails once a month (season renewals, on-sales) is what a two-week window
   * misses.
   */
  readonly blockingMessages: number;
  readonly blockingShare: number;
}

export interface ThresholdSpec {
  readonly key: keyof Thresholds;
  readonly default: number;
  readonly flag: string;
  readonly meaning: string;
  readonly min: number;
  readonly max?: number;
  /** Takes decimals (a percentage); whole numbers otherwise. */
  readonly decimals?: true;
}

/** The days back over which failing sources can block the step to `p=reject`. */
export const BLOCKING_WINDOW_DAYS = 90;

export const THRESHOLDS: readonly ThresholdSpec[] = [
  { key: 'days', default: 14, flag: 'days', min: 1, meaning: 'days of reports while receivers saw the current policy' },
  { key: 'messages', default: 100, flag: 'messages', min: 0, meaning: 'messages reported over the window' },
  { key: 'passRate', default: 98, flag: 'pass-rate', min: 0, max: 100, decimals: true, meaning: 'DMARC pass rate over the window, in percent' },
  { key: 'rejectDays', default: 30, flag: 'reject-days', min: 1, meaning: 'days of reports at p=quarantine before the step to p=reject' },
  { key: 'blockingMessages', default: 10, flag: 'blocking-messages', min: 1, meaning: `failing messages of one source over the last ${BLOCKING_WINDOW_DAYS} days that block the step to p=reject` },
  {
    key: 'blockingShare',
    default: 1,
    flag: 'blocking-share',
    min: 0,
    max: 100,
    decimals: true,
    meaning: `share of the institution's messages over the last ${BLOCKING_WINDOW_DAYS} days, in percent, that one failing source must reach to block the step to p=reject`,
  },
];

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze(Object.fromEntries(THRESHOLDS.map((t) => [t.key, t.default])) as unknown as Thresholds);

/** Flag over config over default, key by key. */
export function resolveThresholds(config: Partial<Thresholds> | undefined, flags: Partial<Thresholds> = {}): Thresholds {
  return Object.fromEntries(THRESHOLDS.map(({ key }) => [key, flags[key] ?? config?.[key] ?? DEFAULT_THRESHOLDS[key]])) as unknown as Thresholds;
}
