import { SECUTIX_PROFILE } from '../model/sender-profile';
import { MdText } from './markdown-text';
import { RecordChange } from './record-change';
import { dkimTargetChanged } from './risks/dkim-target-changed';
import { dmarcLoosened } from './risks/dmarc-loosened';
import { authRecordRemoved } from './risks/auth-record-removed';
import { otherDnsRemoved } from './risks/other-dns-removed';
import { spfLoosened } from './risks/spf-loosened';
import { spfNewSender } from './risks/spf-new-sender';
import { mxRemoved } from './risks/mx-removed';

/** A change a reviewer must look at before approving, with why it matters. */
export interface Attention {
  readonly stack: string;
  readonly name: string;
  readonly type: string;
  /** Markdown; every value in it is a code span (built with `md`). */
  readonly message: string;
  /** The message with its values replaced by `…`: alike risks of many stacks share it and are grouped by it. */
  readonly shape: string;
}

export interface RiskContext {
  /** The domain the platform's SPF include names. @default SECUTIX_PROFILE.spfInclude */
  readonly spfInclude: string;
}

/**
 * One rule: the reasons a change is risky, none when it is not, each built with `md` so that values from the plan
 * are escaped. Rules are pure and one per file (./risks/).
 */
export type RiskRule = (change: RecordChange, context: RiskContext) => MdText[];

export const RISK_RULES: readonly RiskRule[] = [authRecordRemoved, spfLoosened, spfNewSender, dmarcLoosened, dkimTargetChanged, mxRemoved, otherDnsRemoved];

export const DEFAULT_RISK_CONTEXT: RiskContext = { spfInclude: SECUTIX_PROFILE.spfInclude };

/** The context of each stack: from the config when the summary is given one (custom sender profiles), else the default. */
export type RiskContextOf = (stack: string) => RiskContext;

export function findRisks(changes: readonly RecordChange[], contextOf: RiskContextOf = () => DEFAULT_RISK_CONTEXT): Attention[] {
  return changes.flatMap((change) =>
    RISK_RULES.flatMap((rule) => rule(change, contextOf(change.stack))).map(({ markdown, shape }) => ({ stack: change.stack, name: change.name, type: change.type, message: markdown, shape })),
  );
}
