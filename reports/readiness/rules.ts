/** The readiness rules, in the order their reasons are shown; one rule per file in rules/. */
import { ReadinessRule } from './rule';
import { blockingSources } from './rules/blocking-sources';
import { platformDkim } from './rules/platform-dkim';
import { platformSigned } from './rules/platform-signed';
import { daysAtPolicy } from './rules/days-at-policy';
import { enoughMessages } from './rules/messages';
import { passRate } from './rules/pass-rate';

export const READINESS_RULES: readonly ReadinessRule[] = [platformDkim, platformSigned, daysAtPolicy, enoughMessages, passRate, blockingSources];
