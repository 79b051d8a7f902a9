import { canonicalName } from '../../model/names';
import { senderBySpfInclude } from '../../model/known-senders';
import { parseSpfRecord, SpfTerm } from '../../model/spf';
import { md, MdText, plainText } from '../markdown-text';
import { RecordChange } from '../record-change';
import type { RiskContext } from '../risks';
import { valuesOfKind } from './values';
import { termKey } from '../../model/spf-diff';

/** The terms that let a host pass SPF (RFC 7208 §5): every mechanism that can match, and `redirect`. */
const SENDER_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists', 'redirect']);

/**
 * An SPF term that authorises a new sender: a mechanism that passes (no qualifier or `+`; `~`, `?` and `-` grant
 * nothing) or a `redirect=` the record did not have. Anyone who can send through that service or host can now pass
 * SPF for the domain, so the reviewer must confirm the organisation uses it; an `include:` of a known service is named
 * (model/known-senders.ts). The platform's own include is expected and not flagged. A new record counts all its
 * terms as new; a record that does not parse is spf-loosened's to report.
 */
export function spfNewSender(change: RecordChange, context: RiskContext): MdText[] {
  const { before, after } = valuesOfKind(change, 'spf');
  if (after.length !== 1 || before.length > 1) return [];
  const next = parseSpfRecord(after[0]!);
  if (next.errors.length > 0) return [];
  const prev = before.length === 1 ? parseSpfRecord(before[0]!).terms : [];
  const known = new Set(prev.filter(authorises).map(termKey));
  return next.terms
    .filter((t) => authorises(t) && !known.has(termKey(t)))
    .filter((t) => !(t.name === 'include' && canonicalName(t.value) === context.spfInclude))
    .map((t) => {
      const service = t.name === 'include' ? senderBySpfInclude(t.value) : undefined;
      if (service) {
        const name = plainText(service.name);
        return md`SPF authorises a new sender, ${name}: ${t.text}; anyone who can send through ${name} now passes SPF for this domain: confirm the organisation uses it`;
      }
      return md`SPF authorises a new sender: ${t.text}; every host it names now passes SPF for this domain: confirm the organisation sends from it`;
    });
}

function authorises(term: SpfTerm): boolean {
  return SENDER_TERMS.has(term.name) && (term.qualifier === '' || term.qualifier === '+');
}
