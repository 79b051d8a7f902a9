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
}

export interface ThresholdSpec {
  readonly key: keyof Thresholds;
  readonly default: number;
  readonly flag: string;
  readonly meaning: string;
  readonly min: number;
  readonly max?: number;
}

export const THRESHOLDS: readonly ThresholdSpec[] = [
  { key: 'days', default: 14, flag: 'days', min: 1, meaning: 'days of reports while receivers saw the current policy' },
  { key: 'messages', default: 100, flag: 'messages', min: 0, meaning: 'messages reported over the window' },
  { key: 'passRate', default: 98, flag: 'pass-rate', min: 0, max: 100, meaning: 'DMARC pass rate over the window, in percent' },
];

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze(Object.fromEntries(THRESHOLDS.map((t) => [t.key, t.default])) as unknown as Thresholds);

/** Flag over config over default, key by key. */
export function resolveThresholds(config: Partial<Thresholds> | undefined, flags: Partial<Thresholds> = {}): Thresholds {
  const pick = (key: keyof Thresholds) => flags[key] ?? config?.[key] ?? DEFAULT_THRESHOLDS[key];
  return { days: pick('days'), messages: pick('messages'), passRate: pick('passRate') };
}
