import { SPF_MAX_LOOKUPS } from '../../model/spf';
import { CheckResult, fail, pass, unknown } from '../check-result';
import { SPF_MAX_VOID_LOOKUPS, SpfWalk } from '../spf-tree';

export { SPF_MAX_VOID_LOOKUPS };

/**
 * The whole evaluation stays within the limits receivers enforce (more is a permerror for every message), and every
 * included record exists and parses. Counts are always shown, so a domain close to the limit is visible; past a
 * limit they stop where a receiver stops (11/10). A DNS failure on the way gives no verdict: receivers get temperror.
 */
export function checkSpfLookups(walk: SpfWalk): CheckResult {
  const id = 'spf.lookups';
  const counts = `${walk.lookups}/${SPF_MAX_LOOKUPS} DNS lookups, ${walk.voidTerms.length}/${SPF_MAX_VOID_LOOKUPS} void lookups`;
  switch (walk.outcome.kind) {
    case 'permerror':
      return fail(id, `${counts}: ${walk.outcome.reason}`);
    case 'temperror':
      return unknown(id, `${counts} until ${walk.outcome.reason}; receivers get temperror there and defer mail`);
    case 'complete':
      return pass(id, `${counts}${walk.voidTerms.length > 0 ? ` (${walk.voidTerms.join(', ')})` : ''}`);
  }
}
