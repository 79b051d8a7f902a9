import { md, MdText } from '../markdown-text';
import { RecordChange } from '../record-change';
import { selectorOf, valuesOfKind } from './values';

/**
 * A DKIM CNAME pointing elsewhere: receivers fetch the key from the new target at once, so it must already publish
 * the key the platform signs with for this selector, or signatures fail.
 */
export function dkimTargetChanged(change: RecordChange): MdText[] {
  if (change.type !== 'CNAME' || (change.action !== 'update' && change.action !== 'replace')) return [];
  const { before, after } = valuesOfKind(change, 'dkim');
  const [was, now] = [before[0], after[0]];
  if (was === undefined || now === undefined || was === now) return [];
  return [md`DKIM target of selector ${selectorOf(change.name)} changes from ${was} to ${now}: the new target must already publish the key for this selector`];
}
